package io.threatloop.model.persistence;

import io.threatloop.contracts.model.EntryPoint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;

import static io.threatloop.model.persistence.RegisterRowsTest.T0;
import static io.threatloop.model.persistence.RegisterRowsTest.entryPoint;
import static io.threatloop.model.persistence.RegisterRowsTest.threat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction's register changes, folded key by key into the rows of a few statements, leave
 * what the statements one by one would have left, on rows the fold never saw.
 */
class RegisterDeltaTest {

    private static final Instant UNTIL = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void anEntryPointDeletedAndAddedAgainIsWrittenFreshWithOnlyTheExposureSetSince() {
        RegisterDelta delta = new RegisterDelta();
        delta.add("app", new RegisterChange.ExposureSet("GET /a", "internet"));
        delta.add("app", new RegisterChange.EntryPointDeleted("GET /a"));
        delta.add("app", new RegisterChange.ExposureSet("GET /a", "cluster")); // no row: nothing to set
        delta.add("app", new RegisterChange.EntryPointUpserted(entryPoint("GET /a", false)));

        assertThat(delta.entryPointDeletes()).singleElement().satisfies(row -> assertThat(row)
                .containsExactly("app", "GET /a"));
        assertThat(delta.entryPointInserts()).singleElement().satisfies(row -> assertThat(row).containsExactly(
                "app", "GET /a", "GET", "/accounts/{}", "openapi.yaml", false, false, null));
        assertThat(delta.entryPointUpserts()).isEmpty();
        assertThat(delta.exposureUpdates()).isEmpty();
    }

    @Test
    void anEntryPointNeverDeletedIsUpsertedAndKeepsItsExposureUnlessOneIsSet() {
        EntryPoint changed = entryPoint("GET /a", true);
        RegisterDelta delta = new RegisterDelta();
        delta.add("app", new RegisterChange.EntryPointUpserted(entryPoint("GET /a", false)));
        delta.add("app", new RegisterChange.EntryPointUpserted(changed));
        delta.add("other", new RegisterChange.ExposureSet("GET /a", "internet"));

        assertThat(delta.entryPointDeletes()).isEmpty();
        assertThat(delta.entryPointUpserts()).singleElement().satisfies(row -> assertThat(row).containsExactly(
                "app", "GET /a", "GET", "/accounts/{}", "openapi.yaml", true, false));
        // the same entry point id in another model is another row
        assertThat(delta.exposureUpdates()).singleElement().satisfies(row -> assertThat(row)
                .containsExactly("other", "GET /a", "internet"));
    }

    @Test
    void anEntryPointRemovedStaysRemoved() {
        RegisterDelta delta = new RegisterDelta();
        delta.add("app", new RegisterChange.EntryPointUpserted(entryPoint("GET /a", false)));
        delta.add("app", new RegisterChange.ExposureSet("GET /a", "internet"));
        delta.add("app", new RegisterChange.EntryPointDeleted("GET /a"));

        assertThat(delta.entryPointDeletes()).hasSize(1);
        assertThat(delta.entryPointInserts()).isEmpty();
        assertThat(delta.entryPointUpserts()).isEmpty();
        assertThat(delta.exposureUpdates()).isEmpty();
    }

    @Test
    void aThreatOpenedTwiceSaysWhatItFirstSaidAsOfItsLastOpeningAndAStandingAfterItIsSet() {
        RegisterDelta delta = new RegisterDelta();
        delta.add("app", new RegisterChange.StandingSet("t1", "accepted", UNTIL)); // reopened below: open again
        delta.add("app", new RegisterChange.ThreatOpened(threat(1, "t1", "first title"), T0));
        delta.add("app", new RegisterChange.ThreatOpened(threat(2, "t1", "second title"), T0.plusSeconds(1)));
        delta.add("app", new RegisterChange.ThreatOpened(threat(3, "t2", "other"), T0));
        delta.add("app", new RegisterChange.StandingSet("t2", "false-positive", UNTIL));

        assertThat(delta.threatDeletes()).isEmpty();
        assertThat(delta.threatUpserts()).extracting(row -> row[0] + " " + row[3] + " " + row[6]).containsExactly(
                "t1 first title " + T0.plusSeconds(1).atOffset(ZoneOffset.UTC),
                "t2 other " + T0.atOffset(ZoneOffset.UTC));
        assertThat(delta.standingUpdates()).singleElement().satisfies(row -> assertThat(row)
                .containsExactly("t2", "false-positive", UNTIL.atOffset(ZoneOffset.UTC)));
    }

    @Test
    void aThreatResolvedAndIdentifiedAgainIsWrittenFreshAndAStandingOnAResolvedOneIsDropped() {
        RegisterDelta delta = new RegisterDelta();
        delta.add("app", new RegisterChange.ThreatDeleted("t1"));
        delta.add("app", new RegisterChange.StandingSet("t1", "accepted", UNTIL)); // no row: nothing to set
        delta.add("app", new RegisterChange.ThreatOpened(threat(2, "t1", "again"), T0));
        delta.add("app", new RegisterChange.StandingSet("t1", "accepted", UNTIL));
        delta.add("app", new RegisterChange.ThreatDeleted("t2"));
        delta.add("app", new RegisterChange.StandingSet("t2", "accepted", UNTIL));

        assertThat(delta.threatDeletes()).containsExactly("t1", "t2");
        assertThat(delta.threatInserts()).singleElement().satisfies(row -> assertThat(row).containsExactly("t1", "app",
                "API2-NO-AUTH", "again", "API2:2023", "GET /accounts/{}", T0.atOffset(ZoneOffset.UTC), "accepted",
                UNTIL.atOffset(ZoneOffset.UTC)));
        assertThat(delta.threatUpserts()).isEmpty();
        assertThat(delta.standingUpdates()).isEmpty();
    }
}
