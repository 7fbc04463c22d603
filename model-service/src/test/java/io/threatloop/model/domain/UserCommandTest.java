package io.threatloop.model.domain;

import io.threatloop.contracts.model.MitigationRecorded;
import io.threatloop.contracts.model.MitigationStatus;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.ModelReviewed;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.model.Provenance;
import io.threatloop.contracts.model.RiskAccepted;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decisions people record on a model, given/when/then without any server. */
class UserCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    /** A model with one open threat (an operation without authentication). */
    private static ThreatModel modelWithOneThreat() {
        ApiOperation open = new ApiOperation("GET /accounts/{}", "GET", "/accounts/{}", "getAccount", false,
                List.of(), List.of());
        ThreatModel model = ThreatModel.empty("accounts");
        Provenance provenance = new Provenance("obs-1",
                new SourceRef("git", "file:///r", "c1", "openapi.yaml", "dev", Instant.EPOCH));
        for (ModelEvent event : model.decide(new ModelCommand.ApplySpec("accounts", "openapi.yaml",
                new ApiSurface("Accounts", "1", "openapi-3.0.3", List.of(), Map.of(), List.of(open)), provenance), NOW).events()) {
            model = model.apply(event);
        }
        return model;
    }

    private static String threatId(ThreatModel model) {
        return model.threats().keySet().iterator().next();
    }

    private static ThreatModel applyAll(ThreatModel model, List<ModelEvent> events) {
        for (ModelEvent event : events) {
            model = model.apply(event);
        }
        return model;
    }

    @Test
    void assigningTheOwnerIsRecordedOnceAndRepeatingItChangesNothing() {
        ThreatModel model = modelWithOneThreat();
        List<ModelEvent> events = model.decide(new UserCommand.AssignOwner("accounts", "payments", "root")).events();

        assertThat(events).singleElement().isEqualTo(new OwnerTeamAssigned("accounts", model.version() + 1,
                "payments", null, "root"));
        ThreatModel owned = applyAll(model, events);
        assertThat(owned.team()).isEqualTo("payments");
        assertThat(owned.decide(new UserCommand.AssignOwner("accounts", "payments", "root")).events()).isEmpty();
    }

    @Test
    void aMitigationKeepsItsIdWhileItMovesOn() {
        ThreatModel model = modelWithOneThreat();
        String threat = threatId(model);
        MitigationRecorded proposed = (MitigationRecorded) model.decide(new UserCommand.RecordMitigation("accounts",
                threat, null, "bearer tokens at the gateway", MitigationStatus.PROPOSED, "alice")).events().get(0);
        model = model.apply(proposed);

        List<ModelEvent> implemented = model.decide(new UserCommand.RecordMitigation("accounts", threat,
                proposed.mitigationId(), "bearer tokens at the gateway", MitigationStatus.IMPLEMENTED, "alice")).events();

        assertThat(implemented).singleElement().isInstanceOfSatisfying(MitigationRecorded.class, m -> {
            assertThat(m.mitigationId()).isEqualTo(proposed.mitigationId());
            assertThat(m.status()).isEqualTo(MitigationStatus.IMPLEMENTED);
        });
        ThreatModel current = model;
        assertThatThrownBy(() -> current.decide(new UserCommand.RecordMitigation("accounts", threat, "unknown",
                "x", MitigationStatus.VERIFIED, "alice")).events())
                .isInstanceOfSatisfying(CommandRejected.class, e ->
                        assertThat(e.kind()).isEqualTo(CommandRejected.Kind.NOT_FOUND));
    }

    @Test
    void onlyOpenThreatsOfAnExistingModelCanBeJudged() {
        ThreatModel model = modelWithOneThreat();
        assertThat(model.decide(new UserCommand.AcceptRisk("accounts", threatId(model), "internal only",
                NOW.plus(Duration.ofDays(30)), "alice", NOW)).events()).singleElement().isInstanceOf(RiskAccepted.class);

        assertThatThrownBy(() -> model.decide(new UserCommand.AcceptRisk("accounts", "no-such-threat", "why",
                NOW.plus(Duration.ofDays(30)), "alice", NOW)).events())
                .isInstanceOfSatisfying(CommandRejected.class, e ->
                        assertThat(e.kind()).isEqualTo(CommandRejected.Kind.NOT_FOUND));
        assertThatThrownBy(() -> ThreatModel.empty("nothing").decide(new UserCommand.RecordReview("nothing", "",
                "alice", NOW)).events())
                .isInstanceOfSatisfying(CommandRejected.class, e ->
                        assertThat(e.kind()).isEqualTo(CommandRejected.Kind.NOT_FOUND));
    }

    @Test
    void aReviewRecordsWhoAndWhen() {
        ThreatModel model = modelWithOneThreat();
        assertThat(model.decide(new UserCommand.RecordReview("accounts", "  fine  ", "alice", NOW)).events())
                .containsExactly(new ModelReviewed("accounts", model.version() + 1, "alice", NOW, "fine"));
    }

    @Test
    void invalidCommandsNameTheField() {
        assertRejected(() -> new UserCommand.AcceptRisk("a", "t", "why", NOW.minusSeconds(1), "alice", NOW),
                "expiresAt");
        assertRejected(() -> new UserCommand.AcceptRisk("a", "t", "why", NOW.plus(Duration.ofDays(400)), "alice",
                NOW), "expiresAt");
        assertRejected(() -> new UserCommand.MarkFalsePositive("a", "t", " ", NOW.plusSeconds(60), "alice", NOW),
                "justification");
        assertRejected(() -> new UserCommand.RecordMitigation("a", "t", null, "waf", null, "alice"), "status");
        assertRejected(() -> new UserCommand.AssignOwner("a", "Payments!", "root"), "team");
        assertRejected(() -> new UserCommand.RecordReview("a", "x".repeat(10_001), "alice", NOW), "notes");
    }

    private static void assertRejected(Runnable command, String field) {
        assertThatThrownBy(command::run).isInstanceOfSatisfying(CommandRejected.class, e -> {
            assertThat(e.kind()).isEqualTo(CommandRejected.Kind.INVALID);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
