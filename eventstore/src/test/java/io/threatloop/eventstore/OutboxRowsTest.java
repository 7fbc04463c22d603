package io.threatloop.eventstore;

import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.model.ThreatResolved;
import io.threatloop.contracts.risk.RiskChanged;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How queued events become outbox rows: in order, one topic per row, bounded, one line each. */
class OutboxRowsTest {

    @Test
    void consecutiveEventsOfOneTopicShareARowInOrder() {
        List<Envelope<?>> events = List.of(riskChanged("a", 1), riskChanged("b", 2),
                resolved("a", 3), riskChanged("line\nbreak", 4));

        List<Outbox.Row> rows = Outbox.rows(events);

        assertThat(rows).extracting(Outbox.Row::topic)
                .containsExactly("risk-changes", "threatmodel-events", "risk-changes");
        assertThat(rows.get(0).keys()).containsExactly("a", "b");
        assertThat(rows.get(2).keys()).containsExactly("line\nbreak");
        List<String> decodedIds = new ArrayList<>();
        for (Outbox.Row row : rows) {
            String[] lines = row.payload().split("\n", -1);
            assertThat(lines).hasSameSizeAs(row.keys());
            Arrays.stream(lines).map(EventCodec::decode).forEach(event -> decodedIds.add(event.id()));
        }
        assertThat(decodedIds).containsExactly("e-1", "e-2", "e-3", "e-4");
    }

    @Test
    void aRowHoldsAtMostTheRecordsOfOneRelayBatch() {
        List<Envelope<?>> events = new ArrayList<>();
        for (int i = 0; i < Outbox.RECORDS_PER_ROW * 2 + 1; i++) {
            events.add(riskChanged("app", i));
        }

        assertThat(Outbox.rows(events)).extracting(row -> row.keys().size())
                .containsExactly(Outbox.RECORDS_PER_ROW, Outbox.RECORDS_PER_ROW, 1);
    }

    @Test
    void nothingQueuedIsNoRow() {
        assertThat(Outbox.rows(List.of())).isEmpty();
    }

    private static Envelope<RiskChanged> riskChanged(String app, int n) {
        return Envelope.of("e-" + n, "/test", Instant.parse("2026-11-29T08:00:00Z"), "c", "c",
                new RiskChanged(app, "t-" + n, "API2-NO-AUTH", "title with\nline break", null, null, List.of(),
                        List.of()));
    }

    private static Envelope<ThreatResolved> resolved(String app, int n) {
        return Envelope.of("e-" + n, "/test", Instant.parse("2026-11-29T08:00:00Z"), "c", "c",
                new ThreatResolved(app, 3, "t-" + n, "API2-NO-AUTH", "authenticated now", null));
    }
}
