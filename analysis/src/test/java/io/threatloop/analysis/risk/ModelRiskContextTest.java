package io.threatloop.analysis.risk;

import io.threatloop.contracts.model.DataAsset;
import io.threatloop.contracts.model.DataAssetsIdentified;
import io.threatloop.contracts.model.DataClassificationDeclared;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.MitigationRecorded;
import io.threatloop.contracts.model.MitigationStatus;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.SecurityObjectivesDefined;
import io.threatloop.contracts.observation.ModelFile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The surroundings of a model's threats, folded from its events. */
class ModelRiskContextTest {

    @Test
    void foldsExposureDataComplianceAndMitigationsIntoEachThreatsContext() {
        ModelRiskContext context = ModelRiskContext.empty()
                .apply(new EntryPointExposureChanged("app", 2, "GET /accounts/{}", null, "internet", List.of("ingress"),
                        null))
                .apply(new EntryPointExposureChanged("app", 3, "GET /admin", null, "cluster-internal", List.of(), null))
                .apply(new DataAssetsIdentified("app", 4, "openapi.yaml", List.of(
                        new DataAsset("e-mail", "confidential", true, List.of("GET /accounts/{} response email"))),
                        null))
                .apply(new SecurityObjectivesDefined("app", 5, new ModelFile.SecurityObjectives("high", "high", "low",
                        List.of("GDPR"), null, null, List.of()), null))
                .apply(new MitigationRecorded("app", 6, "t1", "m1", "WAF rule", MitigationStatus.IMPLEMENTED, "alice"))
                .apply(new MitigationRecorded("app", 7, "t1", "m2", "pen test", MitigationStatus.PROPOSED, "alice"));

        RiskContext onAccount = context.forThreat("t1", "GET /accounts/{}", false, "unknown");
        assertThat(onAccount.exposure()).isEqualTo("internet");
        assertThat(onAccount.personalData()).isTrue();
        assertThat(onAccount.restrictedData()).isFalse();
        assertThat(onAccount.complianceScopes()).containsExactly("GDPR");
        assertThat(onAccount.mitigation()).isEqualTo("implemented");

        assertThat(context.forThreat("t2", "GET /admin", true, "unknown").exposure()).isEqualTo("cluster-internal");
        assertThat(context.forThreat("t3", "security scheme bearer", true, "unknown").exposure())
                .as("a threat about the whole API takes the widest exposure").isEqualTo("internet");
        assertThat(context.forThreat("t2", "GET /admin", true, "unknown").mitigation()).isNull();

        ModelRiskContext restricted = context.apply(new DataClassificationDeclared("app", 8,
                Map.of("e-mail", "restricted"), null));
        assertThat(restricted.forThreat("t1", "GET /accounts/{}", false, "unknown").restrictedData()).isTrue();
    }

    @Test
    void movedAssetLocationsRateAlikeWhatChangesAThreatsContextDoesNot() {
        ModelRiskContext context = ModelRiskContext.empty()
                .apply(new EntryPointExposureChanged("app", 2, "GET /a", null, "internet", List.of("ingress"), null))
                .apply(new DataAssetsIdentified("app", 3, "openapi.yaml", List.of(new DataAsset("e-mail",
                        "confidential", true, List.of("GET /a response email", "GET /b response email"))), null));
        ModelRiskContext fewerLocations = context.apply(new DataAssetsIdentified("app", 4, "openapi.yaml",
                List.of(new DataAsset("e-mail", "confidential", true, List.of("GET /a response email"))), null));
        assertThat(fewerLocations.ratesAlike(context)).isTrue();

        List<ModelEvent> moving = List.of(
                new DataAssetsIdentified("app", 4, "openapi.yaml", List.of(), null),
                new DataClassificationDeclared("app", 4, Map.of("e-mail", "restricted"), null),
                new EntryPointExposureChanged("app", 4, "GET /a", "internet", "cluster-internal", List.of(), null),
                new MitigationRecorded("app", 4, "t1", "m1", "WAF rule", MitigationStatus.IMPLEMENTED, "alice"),
                new SecurityObjectivesDefined("app", 4, new ModelFile.SecurityObjectives("high", "high", "low",
                        List.of("PCI-DSS"), null, null, List.of()), null));
        for (ModelEvent event : moving) {
            assertThat(context.apply(event).ratesAlike(context)).as(event.getClass().getSimpleName()).isFalse();
        }
    }

    @Test
    void withoutKnownExposureTheThreatKeepsWhatItWasIdentifiedWith() {
        assertThat(ModelRiskContext.empty().forThreat("t", "GET /x", true, "unknown").exposure()).isEqualTo("unknown");
    }

    /** Every model event type, from its golden fixture: folded, or ignored on purpose. */
    @Test
    void everyModelEventTypeIsFoldedOrIgnoredOnPurpose() {
        for (ModelEvent event : io.threatloop.contracts.golden.GoldenEvents.of(ModelEvent.class)) {
            ModelRiskContext after = ModelRiskContext.empty().apply(event);
            assertThat(after.equals(ModelRiskContext.empty())).as(event.getClass().getSimpleName() + " changes nothing")
                    .isEqualTo(!ModelRiskContext.affects(event));
        }
    }
}
