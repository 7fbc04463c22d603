package io.threatloop.contracts;

import io.threatloop.contracts.model.ThreatContext;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.Provenance;
import io.threatloop.contracts.observation.ObservationEvent;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SourceRef;
import com.fasterxml.jackson.databind.JsonNode;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.contracts.risk.RiskRating;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private static final SourceRef SOURCE = new SourceRef("git", "file:///repos/accounts", "3f2c1e", "openapi.yaml",
            "dev@example.com", Instant.parse("2026-11-01T10:00:00Z"));

    /** Fields added to the surface after its first release are written only when set: old-sized JSON. */
    @Test
    void surfaceFieldsAddedSinceAreOmittedAtTheirDefaults() throws Exception {
        var field = new io.threatloop.contracts.surface.ApiField("a", "string", null, false, false, false, null, null,
                false);
        var op = new io.threatloop.contracts.surface.ApiOperation("GET /a", "GET", "/a", null, false, List.of(),
                List.of(new io.threatloop.contracts.surface.ApiParameter("q", "query", false, "string", null, null, null,
                        null, null, List.of(), false)));
        String json = EventCodec.mapper().writeValueAsString(List.of(field, op,
                new io.threatloop.contracts.surface.SecurityScheme("http", "bearer", null, null)));
        assertThat(json).doesNotContain("urlExample", "requestMediaTypes", "urls");
        assertThat(EventCodec.mapper().writeValueAsString(field)).doesNotContain("minimum");
        var read = EventCodec.mapper().readValue(EventCodec.mapper().writeValueAsString(field),
                io.threatloop.contracts.surface.ApiField.class);
        assertThat(read.urlExample()).isFalse();
        assertThat(read).isEqualTo(field);
    }

    @Test
    void roundTripsAnEventWithItsCloudEventsAttributes() {
        ThreatIdentified threat = new ThreatIdentified("accounts", 3, "t-1", "API2-NO-AUTH", "No authentication",
                "API2:2023", "Spoofing", "CWE-306", "GET /accounts/{}", List.of("no security requirement"),
                new ThreatContext(false, "unknown"), new Provenance("obs-1", SOURCE));
        Envelope<ThreatIdentified> event = Envelope.of("e-1", "/threatloop/model-service",
                Instant.parse("2026-11-01T10:00:01Z"), "obs-1", "corr-1", threat);

        Envelope<EventData> decoded = EventCodec.decode(EventCodec.encode(event));

        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.type()).isEqualTo("ThreatIdentified");
        assertThat(decoded.subject()).isEqualTo("accounts");
        assertThat(decoded.dataschema()).isEqualTo("urn:threatloop:ThreatIdentified:1");
    }

    @Test
    void carriesTheTraceContextAndDropsAMalformedOne() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        ThreatIdentified threat = new ThreatIdentified("accounts", 3, "t-1", "API2-NO-AUTH", "No authentication",
                "API2:2023", "Spoofing", "CWE-306", "GET /accounts/{}", List.of("no security requirement"),
                new ThreatContext(false, "unknown"), new Provenance("obs-1", SOURCE));
        Envelope<ThreatIdentified> event = Envelope.of("e-1", "/threatloop/model-service",
                Instant.parse("2026-11-01T10:00:01Z"), "obs-1", "corr-1", traceparent, threat);

        String json = EventCodec.encode(event);
        Envelope<EventData> decoded = EventCodec.decode(json);
        Envelope<EventData> malformed = EventCodec.decode(json.replace(traceparent, "00-not-a-trace-01"));
        Envelope<EventData> zeroTrace = EventCodec.decode(json.replace("4bf92f3577b34da6a3ce929d0e0e4736",
                "00000000000000000000000000000000"));

        assertThat(decoded.traceparent()).isEqualTo(traceparent);
        assertThat(decoded.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(Envelope.causedBy(decoded, "e-2", "/threatloop/risk-service", Instant.now(), threat).traceparent())
                .isEqualTo(traceparent);
        assertThat(malformed.traceparent()).isNull();
        assertThat(malformed.data()).isEqualTo(threat);
        assertThat(zeroTrace.traceparent()).isNull();
        assertThatThrownBy(() -> event.withTraceparent("01-x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRatingRepeatedAcrossEventsIsWrittenAsTheFirstTime() throws IOException {
        RiskRating high = new RiskRating(6.25, 5.0, "HIGH", "MEDIUM", "HIGH", 31.25, Map.of("skillLevel", 3,
                "motive", 6, "opportunity", 7));
        RiskRating medium = new RiskRating(4.5, 4.0, "MEDIUM", "MEDIUM", "MEDIUM", 18.0, Map.of("skillLevel", 2));
        Envelope<RiskChanged> first = Envelope.of("e-1", "/threatloop/risk-service",
                Instant.parse("2026-11-29T08:00:00Z"), "policy-v2", "policy-v2", new RiskChanged("accounts", "t-1",
                        "API2-NO-AUTH", "No authentication", high, medium, List.of(), List.of()));
        Envelope<RiskChanged> second = Envelope.of("e-2", "/threatloop/risk-service",
                Instant.parse("2026-11-29T08:00:00Z"), "policy-v2", "policy-v2", new RiskChanged("accounts", "t-2",
                        "API2-NO-AUTH", "No authentication", high, new RiskRating(4.5, 4.0, "MEDIUM", "MEDIUM",
                        "MEDIUM", 18.0, Map.of("skillLevel", 2)), List.of(), List.of()));

        String once = EventCodec.encode(first);
        JsonNode again = EventCodec.mapper().readTree(EventCodec.encode(second));

        assertThat(EventCodec.decode(once)).isEqualTo(first);
        assertThat(EventCodec.decode(EventCodec.encode(first))).isEqualTo(first);
        assertThat(again.at("/data/previous")).isEqualTo(EventCodec.mapper().readTree(once).at("/data/previous"));
        assertThat(again.at("/data/current/factors/skillLevel").intValue()).isEqualTo(2);
        // converted, not written: nested values as maps, not raw text
        assertThat(EventCodec.mapper().convertValue(second.data(), Map.class).get("previous"))
                .isInstanceOf(Map.class);
    }

    @Test
    void readsTheGoldenFixtureThatDashboardsAndOtherLanguagesWriteAgainst() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/golden/ScanFailed.v1.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Envelope<ObservationEvent> event = EventCodec.decode(json, ObservationEvent.class);
            assertThat(event.data()).isInstanceOf(ScanFailed.class);
            assertThat(((ScanFailed) event.data()).reason()).contains("mapping values are not allowed");
            assertThat(event.causationid()).isEqualTo("9d1c0ffee");
        }
    }

    @Test
    void rejectsWhatIsNotAThreatloopEventWithTheReason() {
        assertThatThrownBy(() -> EventCodec.decode("{not json")).isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> EventCodec.decode("{\"specversion\":\"1.0\",\"type\":\"Nope\"}"))
                .hasMessage("unknown event type 'Nope'");
        assertThatThrownBy(() -> EventCodec.decode("{\"specversion\":\"0.3\"}"))
                .hasMessageContaining("unsupported specversion");
        assertThatThrownBy(() -> EventCodec.decode(
                "{\"specversion\":\"1.0\",\"type\":\"ScanFailed\",\"id\":\"x\",\"source\":\"s\",\"time\":\"2026-01-01T00:00:00Z\"}"))
                .hasMessage("ScanFailed: missing data object");
    }

    /**
     * Read in one pass when the type comes before the data (as the codec writes it), as a tree
     * otherwise: both give the same event, and the same reason when it cannot be read.
     */
    @Test
    void readsAnEventAlikeWhetherItsDataComesBeforeOrAfterItsType() throws IOException {
        Envelope<ScanFailed> event = Envelope.of("e-3", "/x", Instant.parse("2026-11-01T10:00:01Z"), "c", null,
                new ScanFailed("accounts", SOURCE, "unreadable spec", "line 3: a tab"));
        String written = EventCodec.encode(event);
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode)
                EventCodec.mapper().readTree(written);
        com.fasterxml.jackson.databind.node.ObjectNode dataFirst = EventCodec.mapper().createObjectNode();
        dataFirst.set("data", tree.get("data"));
        tree.fields().forEachRemaining(field -> dataFirst.putIfAbsent(field.getKey(), field.getValue()));
        String reordered = dataFirst.toString();
        assertThat(reordered).startsWith("{\"data\"");

        assertThat(EventCodec.decode(written)).isEqualTo(event);
        assertThat(EventCodec.decode(reordered)).isEqualTo(event);

        String wrongField = "\"reason\":\"unreadable spec\"";
        for (String json : List.of(written, reordered)) {
            assertThatThrownBy(() -> EventCodec.decode(json.replace(wrongField, "\"reason\":{\"nested\":1}")))
                    .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("ScanFailed: invalid data: ");
            assertThatThrownBy(() -> EventCodec.decode(json.replace(wrongField, "\"reason\":unquoted")))
                    .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("not JSON");
        }
        assertThatThrownBy(() -> EventCodec.decode("[" + written + "]"))
                .hasMessage("expected a CloudEvents JSON object, got ARRAY");
        assertThatThrownBy(() -> EventCodec.decode(
                written.substring(0, written.length() - 1) + ",\"type\":\"SpecObserved\"}"))
                .hasMessageContaining("'type' is given twice");
    }

    @Test
    void aTraceparentIsVersion00WithHexIdsThatAreNotAllZero() {
        String valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertThat(Envelope.isTraceparent(valid)).isTrue();
        assertThat(Envelope.isTraceparent(valid.replace("-01", "-00"))).isTrue();
        assertThat(List.of(valid.toUpperCase(), "01" + valid.substring(2), valid.replace("4bf92f3577b34da6a3ce929d0e0e4736",
                        "0".repeat(32)), valid.replace("00f067aa0ba902b7", "0".repeat(16)), valid.replace("-01", "-0g"),
                valid.replace("-01", "_01"), valid.substring(0, 35) + "x" + valid.substring(36), valid + "0", "", "00-"))
                .noneMatch(Envelope::isTraceparent);
    }

    @Test
    void rejectsAnEventOnTheWrongTopic() {
        String json = EventCodec.encode(Envelope.of("e-2", "/x", Instant.now(), null, null,
                new ScanFailed("a", SOURCE, "r", "l")));
        assertThatThrownBy(() -> EventCodec.decode(json, io.threatloop.contracts.model.ModelEvent.class))
                .hasMessageContaining("does not belong on this topic");
    }

    @Test
    void deterministicIdsAreStableAndDistinct() {
        assertThat(Envelope.deterministicId("a", "b")).isEqualTo(Envelope.deterministicId("a", "b"))
                .isNotEqualTo(Envelope.deterministicId("ab"));
    }
}
