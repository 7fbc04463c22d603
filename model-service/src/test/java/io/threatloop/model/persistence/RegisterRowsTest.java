package io.threatloop.model.persistence;

import io.threatloop.contracts.model.EntryPoint;
import io.threatloop.contracts.model.EntryPointAdded;
import io.threatloop.contracts.model.EntryPointChanged;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.EntryPointRemoved;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.RiskAccepted;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatResolved;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A rebuild folds a model's events into the rows its appends would have left, without SQL. */
class RegisterRowsTest {

    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    static EntryPoint entryPoint(String id, boolean authenticated) {
        return new EntryPoint(id, "GET", "/accounts/{}", "openapi.yaml", authenticated, List.of(), false);
    }

    static ThreatIdentified threat(long version, String id, String title) {
        return new ThreatIdentified("app", version, id, "API2-NO-AUTH", title, "API2:2023", "Spoofing", "CWE-306",
                "GET /accounts/{}", List.of(), null, null);
    }

    @Test
    void entryPointsKeepTheirExposureAcrossChangesAndLeaveWhenRemoved() {
        List<ModelEvent> events = List.of(
                new EntryPointAdded("app", 1, entryPoint("GET /accounts/{}", true), null),
                new EntryPointAdded("app", 2, entryPoint("GET /cards/{}", true), null),
                new EntryPointExposureChanged("app", 3, "GET /accounts/{}", null, "internet", List.of("ingress"), null),
                new EntryPointChanged("app", 4, entryPoint("GET /accounts/{}", true),
                        entryPoint("GET /accounts/{}", false), null),
                new EntryPointRemoved("app", 5, "GET /cards/{}", null),
                new EntryPointExposureChanged("app", 6, "GET /cards/{}", null, "internet", List.of("ingress"), null));

        RegisterProjection.FinalRows rows = RegisterProjection.rowsOf("app", events, times(events.size()));

        assertThat(rows.entryPoints()).singleElement().satisfies(row -> assertThat(row).containsExactly(
                "app", "GET /accounts/{}", "GET", "/accounts/{}", "openapi.yaml", false, false, "internet"));
        assertThat(rows.threats()).isEmpty();
    }

    @Test
    void aThreatIdentifiedAgainIsOpenAgainAndAResolvedOneIsGone() {
        List<ModelEvent> events = List.of(
                threat(1, "t1", "No authentication"),
                threat(2, "t2", "Other"),
                new RiskAccepted("app", 3, "t1", "compensated", Instant.parse("2027-01-01T00:00:00Z"), "alice"),
                new RiskAccepted("app", 4, "t2", "compensated", Instant.parse("2027-01-01T00:00:00Z"), "alice"),
                new ThreatResolved("app", 5, "t1", "API2-NO-AUTH", "authentication added", null),
                threat(6, "t1", "No authentication (renamed)"),
                new RiskAccepted("app", 7, "unknown", "nothing to accept", Instant.parse("2027-01-01T00:00:00Z"), "bob"));

        RegisterProjection.FinalRows rows = RegisterProjection.rowsOf("app", events, times(events.size()));

        assertThat(rows.threats()).extracting(row -> row[0]).containsExactlyInAnyOrder("t1", "t2");
        assertThat(row(rows, "t1")).containsExactly("t1", "app", "API2-NO-AUTH", "No authentication (renamed)",
                "API2:2023", "GET /accounts/{}", T0.plusSeconds(5).atOffset(ZoneOffset.UTC), "open", null);
        assertThat(row(rows, "t2")).containsExactly("t2", "app", "API2-NO-AUTH", "Other", "API2:2023",
                "GET /accounts/{}", T0.plusSeconds(1).atOffset(ZoneOffset.UTC), "accepted",
                Instant.parse("2027-01-01T00:00:00Z").atOffset(ZoneOffset.UTC));
    }

    @Test
    void aThreatOpenedAgainWhileStillRegisteredKeepsWhatItFirstSaid() {
        List<ModelEvent> events = List.of(threat(1, "t1", "first title"), threat(2, "t1", "second title"));
        RegisterProjection.FinalRows rows = RegisterProjection.rowsOf("app", events, times(2));
        // as "on conflict do update set standing, standing_until, identified_at" leaves the title
        assertThat(rows.threats()).singleElement().satisfies(row -> assertThat(row[3]).isEqualTo("first title"));
    }

    private static Object[] row(RegisterProjection.FinalRows rows, String threatId) {
        return rows.threats().stream().filter(row -> row[0].equals(threatId)).findFirst().orElseThrow();
    }

    private static List<Instant> times(int count) {
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            times.add(T0.plusSeconds(i));
        }
        return times;
    }
}
