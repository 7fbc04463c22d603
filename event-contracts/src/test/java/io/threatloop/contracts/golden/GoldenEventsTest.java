package io.threatloop.contracts.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCatalog;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.EventData;
import io.threatloop.contracts.EventCatalogAccess;
import io.threatloop.contracts.InvalidEventException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wire form of every (type, version) is frozen in its golden fixture: it must still decode,
 * and the current record must write its data back field for field. A renamed, removed or retyped
 * field fails here; the fix is a new version with an upcaster, never an edited fixture. A field
 * added since is compatible when old data leaves it null, false or empty.
 */
class GoldenEventsTest {

    private static final ObjectMapper JSON = EventCodec.mapper();
    private static final Path FIXTURES = Path.of("src/test/resources/golden");

    @TestFactory
    Stream<DynamicTest> everyTypeReadsItsGoldenFixtureAndWritesItsDataBackTheSame() {
        return EventCatalog.ENTRIES.stream().map(entry -> DynamicTest.dynamicTest(entry.type() + " v" + entry.version(),
                () -> {
                    String json = GoldenEvents.json(entry.type(), entry.version()).orElse(null);
                    if (json == null) {
                        throw new AssertionError(missing(entry));
                    }
                    Envelope<EventData> event = EventCodec.decode(json);
                    assertThat(event.data()).isInstanceOf(entry.payload());
                    assertThat(event.dataschema()).isEqualTo(entry.dataschema());
                    JsonNode written = JSON.readTree(EventCodec.encode(event)).get("data");
                    assertWritesBack(JSON.readTree(json).get("data"), written, entry.type() + " v" + entry.version());
                }));
    }

    @Test
    void everyFixtureIsOfACataloguedTypeAndVersion() throws Exception {
        Set<String> expected = new TreeSet<>();
        EventCatalog.ENTRIES.forEach(e -> {
            for (int v = 1; v <= e.version(); v++) {
                expected.add(e.type() + ".v" + v + ".json");
            }
        });
        List<String> fixtures = new ArrayList<>();
        try (Stream<Path> files = Files.list(FIXTURES)) {
            files.forEach(f -> fixtures.add(f.getFileName().toString()));
        }
        assertThat(fixtures).allSatisfy(f -> assertThat(expected).contains(f));
    }

    @Test
    void dataOfAnOlderVersionIsReadThroughTheUpcastersInOrder() throws Exception {
        EventCatalog.Entry v3 = new EventCatalog.Entry("ScanFailed", 3, null, null);
        var steps = java.util.Map.of(
                "ScanFailed:1", new EventCatalog.Upcaster("ScanFailed", 1, data -> rename(data, "reason", "cause")),
                "ScanFailed:2", new EventCatalog.Upcaster("ScanFailed", 2, data -> data.put("schema", 3)));
        ObjectNode v1 = (ObjectNode) JSON.readTree(GoldenEvents.json("ScanFailed", 1).orElseThrow()).get("data");

        ObjectNode read = EventCatalogAccess.upcast(v3, 1, v1.deepCopy(), steps);

        assertThat(read.has("reason")).isFalse();
        assertThat(read.get("cause").asText()).isEqualTo(v1.get("reason").asText());
        assertThat(read.get("schema").asInt()).isEqualTo(3);
        assertThat(EventCatalogAccess.upcast(v3, 2, v1.deepCopy(), steps).get("reason").asText())
                .as("from v2 only the second step").isEqualTo(v1.get("reason").asText());
    }

    @Test
    void aNewerVersionOrOneNoUpcasterReachesIsAClearError() throws Exception {
        String v1 = GoldenEvents.json("ScanFailed", 1).orElseThrow();
        assertThatThrownBy(() -> EventCodec.decode(v1.replace("urn:threatloop:ScanFailed:1", "urn:threatloop:ScanFailed:2")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("ScanFailed v2 was written by a newer threatloop; this one reads up to v1: upgrade the consumer");
        assertThatThrownBy(() -> EventCatalogAccess.upcast(new EventCatalog.Entry("ScanFailed", 2, null, null), 1,
                JSON.createObjectNode(), java.util.Map.of()))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("no upcaster to v2");
        assertThatThrownBy(() -> EventCodec.decode(v1.replace("urn:threatloop:ScanFailed:1", "urn:threatloop:Other:1")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("does not name type ScanFailed");
        assertThat(EventCodec.decode(v1.replace("\"dataschema\": \"urn:threatloop:ScanFailed:1\",", "")).data())
                .as("an event from before dataschema is version 1").isNotNull();
    }

    @Test
    void anAddedOptionalFieldIsCompatibleButAChangedOneIsNot() throws Exception {
        JsonNode fixture = JSON.readTree("{\"a\": 1, \"list\": [{\"b\": \"x\"}]}");
        assertWritesBack(fixture, JSON.readTree("{\"a\": 1, \"list\": [{\"b\": \"x\", \"c\": null}], \"d\": false,"
                + " \"e\": [], \"f\": {}}"), "added");
        for (String changed : List.of("{\"a\": 2, \"list\": [{\"b\": \"x\"}]}", "{\"list\": [{\"b\": \"x\"}]}",
                "{\"a\": 1, \"list\": [{\"b\": \"x\", \"c\": 3}]}", "{\"a\": 1, \"list\": []}")) {
            assertThatThrownBy(() -> assertWritesBack(fixture, JSON.readTree(changed), "changed"))
                    .as(changed).isInstanceOf(AssertionError.class);
        }
    }

    /**
     * Every field of the fixture is written back the same; a field the fixture lacks was added
     * since, and is compatible only while it is absent from old data: null, false, empty.
     */
    private static void assertWritesBack(JsonNode fixture, JsonNode written, String where) {
        if (fixture.isObject() && written.isObject()) {
            fixture.fieldNames().forEachRemaining(name -> {
                assertThat(written.has(name)).as("%s.%s is no longer written", where, name).isTrue();
                assertWritesBack(fixture.get(name), written.get(name), where + "." + name);
            });
            written.fieldNames().forEachRemaining(name -> {
                if (!fixture.has(name)) {
                    JsonNode added = written.get(name);
                    assertThat(added.isNull() || (added.isBoolean() && !added.asBoolean())
                            || (added.isContainerNode() && added.isEmpty()))
                            .as("%s.%s was added, and old data gives it %s: an added field must default to null,"
                                    + " false or empty", where, name, added).isTrue();
                }
            });
        } else if (fixture.isArray() && written.isArray()) {
            assertThat(written.size()).as("%s: elements", where).isEqualTo(fixture.size());
            for (int i = 0; i < fixture.size(); i++) {
                assertWritesBack(fixture.get(i), written.get(i), where + "[" + i + "]");
            }
        } else {
            assertThat(written).as("%s, written now against its golden fixture", where).isEqualTo(fixture);
        }
    }

    private static ObjectNode rename(ObjectNode data, String from, String to) {
        data.set(to, data.remove(from));
        return data;
    }

    /**
     * Without a fixture, says how to make one, and with {@code -Dthreatloop.golden.write=true}
     * writes one from a sample (then review it and commit it: it freezes the wire form).
     */
    private static String missing(EventCatalog.Entry entry) throws Exception {
        Object sample = GoldenEvents.sample(entry.payload(), entry.type());
        Envelope<EventData> event = Envelope.of(Envelope.deterministicId(entry.type(), "golden"),
                "/threatloop/golden", java.time.Instant.parse("2026-11-01T10:00:02Z"), "cause-1", "correlation-1",
                (EventData) sample);
        String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(EventCodec.encode(event)));
        Path file = FIXTURES.resolve(entry.type() + ".v" + entry.version() + ".json");
        if (Boolean.getBoolean("threatloop.golden.write")) {
            Files.writeString(file, json + "\n");
            return "wrote " + file + ": review it, commit it, and run again";
        }
        return "no golden fixture for " + entry.type() + " v" + entry.version() + "; run this test with"
                + " -Dthreatloop.golden.write=true to write " + file + " from a sample, then review and commit it";
    }
}
