package io.threatloop.model.domain;

import io.threatloop.contracts.model.DataFlowsDeclared;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.model.Provenance;
import io.threatloop.contracts.model.RiskAccepted;
import io.threatloop.contracts.model.SecurityObjectivesDefined;
import io.threatloop.contracts.observation.ModelFile;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a threatmodel.yaml changes in the model, given/when/then. */
class ModelFileTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Provenance FROM_GIT = new Provenance("obs",
            new SourceRef("git", "file:///r", "c2", "threatmodel.yaml", "dev", Instant.EPOCH));
    private static final ModelFile.SecurityObjectives OBJECTIVES = new ModelFile.SecurityObjectives("high", "high",
            "medium", List.of("GDPR"), "99.9%", 300, List.of("customer trust"));
    private static final List<ModelFile.DataFlow> FLOWS = List.of(
            new ModelFile.DataFlow("mobile-app", "accounts", List.of("email"), "https"));

    private static ThreatModel withAnOpenThreat() {
        ThreatModel model = ThreatModel.empty("accounts");
        ApiOperation open = new ApiOperation("GET /accounts/{}", "GET", "/accounts/{}", null, false, List.of(), List.of());
        return model.applyAll(model.decide(new ModelCommand.ApplySpec("accounts", "openapi.yaml",
                new ApiSurface("Accounts", "1", "openapi-3.0.3", List.of(), Map.of(), List.of(open)), FROM_GIT), NOW).events());
    }

    private static ModelCommand file(String team, LocalDate expires) {
        return new ModelCommand.ApplyModelFile("accounts", new ModelFile(1, team, OBJECTIVES, FLOWS,
                List.of(new ModelFile.DeclaredAcceptance("API2-NO-AUTH", "GET /accounts/{}", "public by design",
                        expires)), Map.of("e-mail", "restricted")), FROM_GIT);
    }

    @Test
    void theFileSetsOwnerObjectivesDataFlowsAndAcceptsTheDeclaredRisks() {
        ThreatModel model = withAnOpenThreat();
        List<ModelEvent> events = model.decide(file("payments", LocalDate.of(2027, 3, 31)), NOW).events();

        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("OwnerTeamAssigned",
                "SecurityObjectivesDefined", "DataFlowsDeclared", "DataClassificationDeclared", "AcceptedRisksDeclared",
                "RiskAccepted");
        assertThat(((OwnerTeamAssigned) events.get(0)).assignedBy()).isEqualTo("threatmodel.yaml");
        assertThat(((SecurityObjectivesDefined) events.get(1)).objectives()).isEqualTo(OBJECTIVES);
        assertThat(((DataFlowsDeclared) events.get(2)).dataFlows()).isEqualTo(FLOWS);
        RiskAccepted accepted = (RiskAccepted) events.get(5);
        assertThat(accepted.expiresAt()).isEqualTo(Instant.parse("2027-04-01T00:00:00Z"));
        assertThat(accepted.acceptedBy()).isEqualTo("threatmodel.yaml");

        // the same file again changes nothing
        assertThat(model.applyAll(events).decide(file("payments", LocalDate.of(2027, 3, 31)), NOW).events()).isEmpty();
    }

    @Test
    void aThreatIdentifiedAfterTheFileWasAppliedIsAcceptedAsItIsIdentified() {
        ThreatModel model = ThreatModel.empty("accounts");
        model = model.applyAll(model.decide(file("payments", LocalDate.of(2027, 3, 31)), NOW).events());
        assertThat(model.threats()).isEmpty();

        List<ModelEvent> events = model.decide(new ModelCommand.ApplySpec("accounts", "openapi.yaml",
                new ApiSurface("Accounts", "1", "openapi-3.0.3", List.of(), Map.of(), List.of(new ApiOperation(
                        "GET /accounts/{}", "GET", "/accounts/{}", null, false, List.of(), List.of()))), FROM_GIT), NOW).events();

        RiskAccepted accepted = events.stream().filter(RiskAccepted.class::isInstance).map(RiskAccepted.class::cast)
                .findFirst().orElseThrow();
        assertThat(model.applyAll(events).threats()).containsKey(accepted.threatId());
        assertThat(accepted.acceptedBy()).isEqualTo("threatmodel.yaml");
        assertThat(accepted.expiresAt()).isEqualTo(Instant.parse("2027-04-01T00:00:00Z"));
        // once the declared date has passed, a newly identified threat is not accepted
        assertThat(model.decide(new ModelCommand.ApplySpec("accounts", "openapi.yaml",
                new ApiSurface("Accounts", "1", "openapi-3.0.3", List.of(), Map.of(), List.of(new ApiOperation(
                        "GET /accounts/{}", "GET", "/accounts/{}", null, false, List.of(), List.of()))), FROM_GIT),
                Instant.parse("2027-04-01T00:00:00Z")).events()).noneMatch(RiskAccepted.class::isInstance);
    }

    @Test
    void anExpiredDeclarationAcceptsNothing() {
        List<ModelEvent> events = withAnOpenThreat().decide(file(null, LocalDate.of(2026, 1, 1)), NOW).events();

        assertThat(events).noneMatch(RiskAccepted.class::isInstance).noneMatch(OwnerTeamAssigned.class::isInstance);
    }

    @Test
    void theModelSurvivesASnapshotWithItsDeclarations() {
        ThreatModel model = withAnOpenThreat();
        model = model.applyAll(model.decide(file("payments", LocalDate.of(2027, 3, 31)), NOW).events());

        assertThat(ThreatModel.restore(model.state()).state()).isEqualTo(model.state());
        assertThat(ThreatModel.restore(model.state()).decide(file("payments", LocalDate.of(2027, 3, 31)), NOW).events()).isEmpty();
    }
}
