package io.threatloop.contracts;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.threatloop.contracts.risk.RiskRating;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

/**
 * Writes and reads threatloop events as CloudEvents 1.0 in structured JSON mode
 * ({@code application/cloudevents+json}). Reading validates the required attributes and the
 * type, so a consumer can send anything unreadable to its DLQ with the reason, and reads data
 * written as an older version of its type through the catalogue's upcasters. Every string it
 * writes is made storable first ({@link StorableText}), so whatever it encodes fits PostgreSQL.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = mapper(builder -> builder.addModule(new SimpleModule("repeated-ratings")
            .addSerializer(RiskRating.class, new RepeatedRatings(mapper(plain -> { })))));

    private static ObjectMapper mapper(Consumer<JsonMapper.Builder> more) {
        JsonMapper.Builder builder = JsonMapper.builder(new JsonFactoryBuilder().addDecorator(StorableText.DECORATOR).build())
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        more.accept(builder);
        return builder.build();
    }

    /**
     * The most characters of JSON an event that services publish through their outbox may have:
     * a quarter of Kafka's default 1 MiB per record, so that even text of three UTF-8 bytes per
     * character fits. Observations have their own, larger bound (compressed by the scanner).
     */
    public static final int MAX_EVENT_CHARS = 256 * 1024;

    private EventCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Streams the envelope and its data straight to text: no intermediate tree, since a rescore
     * encodes tens of thousands of events at once.
     */
    public static String encode(Envelope<?> event) {
        StringWriter out = new StringWriter(1536);
        encode(event, out);
        return out.toString();
    }

    /**
     * Writes the event to {@code out} as one line: compact JSON has no line break outside its
     * strings and escapes those inside, so events can be written one per line.
     */
    public static void encode(Envelope<?> event, Writer out) {
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            json.writeStartObject();
            json.writeStringField("specversion", Envelope.SPEC_VERSION);
            json.writeStringField("id", event.id());
            json.writeStringField("source", event.source());
            json.writeStringField("type", event.type());
            json.writeStringField("time", event.time().toString());
            writeIfPresent(json, "subject", event.subject());
            json.writeStringField("datacontenttype", "application/json");
            writeIfPresent(json, "dataschema", event.dataschema());
            writeIfPresent(json, "causationid", event.causationid());
            writeIfPresent(json, "correlationid", event.correlationid());
            writeIfPresent(json, "traceparent", event.traceparent());
            json.writeFieldName("data");
            MAPPER.writeValue(json, event.data());
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + event.type(), e);
        }
    }

    /**
     * Reads an event in one pass where it can: the attributes are read as they come, and when the
     * data arrives after a known type at its current version (as every event this codec writes:
     * it writes {@code type} and {@code dataschema} first), the data is read straight into its
     * record, with no tree in between: an observation carries a whole API surface, and building
     * and walking its tree was a quarter of model-service's work. Anything else (data first, an
     * older version to upcast, a malformed event) is read as a tree, with the same checks in the
     * same order.
     */
    public static Envelope<EventData> decode(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("empty record: expected a CloudEvents JSON object");
        }
        ObjectNode node = MAPPER.createObjectNode();
        EventData direct = null;
        try (JsonParser parser = MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return decode(MAPPER.readTree(json));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                EventCatalog.Entry entry = field.equals("data") && value == JsonToken.START_OBJECT
                        ? readableAsIs(node) : null;
                if (entry == null) {
                    node.set(field, parser.readValueAsTree());
                    if (field.equals("data")) {
                        direct = null;
                    }
                } else {
                    direct = payload(entry, () -> MAPPER.readValue(parser, entry.payload()));
                    node.remove("data");
                }
            }
        } catch (StreamReadException e) {
            throw new InvalidEventException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidEventException("not JSON: " + e.getMessage());
        }
        return decode(node, direct);
    }

    private static Envelope<EventData> decode(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidEventException("expected a CloudEvents JSON object, got " + node.getNodeType());
        }
        return decode((ObjectNode) node, null);
    }

    /** {@code direct}: the data, already read from the text; null to read it from the node's {@code data}. */
    private static Envelope<EventData> decode(ObjectNode node, EventData direct) {
        if (!Envelope.SPEC_VERSION.equals(text(node, "specversion"))) {
            throw new InvalidEventException("unsupported specversion '" + text(node, "specversion") + "', expected 1.0");
        }
        String type = required(node, "type");
        EventCatalog.Entry entry = EventCatalog.entryFor(type)
                .orElseThrow(() -> new InvalidEventException("unknown event type '" + type + "'"));
        EventData payload = direct;
        if (payload != null && !entry.payload().isInstance(payload)) {
            // the type repeated after the data, naming another: which one the data was meant as is unknowable
            throw new InvalidEventException(type + ": 'type' is given twice, once before its data as another type");
        }
        if (payload == null) {
            JsonNode data = node.get("data");
            if (data == null || !data.isObject()) {
                throw new InvalidEventException(type + ": missing data object");
            }
            ObjectNode readable = EventCatalog.upcast(entry, version(node, type), (ObjectNode) data);
            payload = payload(entry, () -> MAPPER.treeToValue(readable, entry.payload()));
        }
        Instant time;
        try {
            time = Instant.parse(required(node, "time"));
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("time is not an RFC 3339 timestamp: " + text(node, "time"));
        }
        return new Envelope<>(required(node, "id"), required(node, "source"), type, time, text(node, "subject"),
                text(node, "dataschema"), text(node, "causationid"), text(node, "correlationid"),
                traceparent(node), payload);
    }

    /**
     * The entry whose data can be read as it stands, given the attributes read so far: a valid
     * specversion, a known type and its current version. Null when any check would fail or
     * upcasting is needed: the tree path then says why, in its order.
     */
    private static EventCatalog.Entry readableAsIs(ObjectNode attributes) {
        if (!Envelope.SPEC_VERSION.equals(text(attributes, "specversion"))) {
            return null;
        }
        String type = text(attributes, "type");
        EventCatalog.Entry entry = type == null ? null : EventCatalog.entryFor(type).orElse(null);
        if (entry == null) {
            return null;
        }
        try {
            return version(attributes, type) == entry.version() ? entry : null;
        } catch (InvalidEventException e) {
            return null;
        }
    }

    private interface DataReader {
        EventData read() throws IOException;
    }

    private static EventData payload(EventCatalog.Entry entry, DataReader reader) throws InvalidEventException {
        try {
            return reader.read();
        } catch (StreamReadException e) {
            throw new InvalidEventException("not JSON: " + e.getOriginalMessage());
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidEventException(entry.type() + ": invalid data: " + firstLine(e.getMessage()));
        }
    }

    /**
     * The version the event was written as, from its {@code dataschema}
     * ({@code urn:threatloop:<type>:<version>}); an event without one is version 1, as every type
     * was when dataschema was added.
     */
    private static int version(JsonNode node, String type) {
        String dataschema = text(node, "dataschema");
        if (dataschema == null) {
            return 1;
        }
        String prefix = "urn:threatloop:" + type + ":";
        if (!dataschema.startsWith(prefix)) {
            throw new InvalidEventException("dataschema '" + dataschema + "' does not name type " + type
                    + " (expected " + prefix + "<version>)");
        }
        try {
            int version = Integer.parseInt(dataschema.substring(prefix.length()));
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new InvalidEventException("dataschema '" + dataschema + "' has no version (expected " + prefix
                + "<version>, a whole number from 1)");
    }

    /** Decodes and checks that the payload is of the expected family (e.g. ObservationEvent). */
    @SuppressWarnings("unchecked")
    public static <T extends EventData> Envelope<T> decode(String json, Class<T> family) {
        Envelope<EventData> event = decode(json);
        if (!family.isInstance(event.data())) {
            throw new InvalidEventException("event type '" + event.type() + "' does not belong on this topic (expected "
                    + family.getSimpleName() + ")");
        }
        return (Envelope<T>) (Envelope<?>) event;
    }

    /**
     * The event's trace context; a malformed one is dropped, as W3C Trace Context says, since a
     * broken trace must never cost the event itself.
     */
    private static String traceparent(JsonNode node) {
        String value = text(node, "traceparent");
        return Envelope.isTraceparent(value) ? value : null;
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("missing CloudEvents attribute '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
