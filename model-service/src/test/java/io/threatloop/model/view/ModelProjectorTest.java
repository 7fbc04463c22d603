package io.threatloop.model.view;

import io.threatloop.contracts.model.EntryPoint;
import io.threatloop.contracts.model.EntryPointAdded;
import io.threatloop.contracts.model.MitigationRecorded;
import io.threatloop.contracts.model.MitigationStatus;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.model.RiskAccepted;
import io.threatloop.contracts.model.ThreatContext;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatResolved;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ModelProjectorTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final EntryPoint GET = new EntryPoint("GET /a/{}", "GET", "/a/{}", "openapi.yaml", false,
            List.of(), false);

    private static ModelProjector history() {
        return new ModelProjector("app")
                .apply(new ModelCreated("app", 1, null), T0)
                .apply(new EntryPointAdded("app", 2, GET, null), T0)
                .apply(new ThreatIdentified("app", 3, "t1", "API2-NO-AUTH", "No authentication", "API2:2023",
                        "Spoofing", "CWE-306", "GET /a/{}", List.of("no security"), new ThreatContext(false, "unknown"),
                        null), T0)
                .apply(new OwnerTeamAssigned("app", 4, "payments", null, "root"), T0)
                .apply(new MitigationRecorded("app", 5, "t1", "m1", "gateway auth", MitigationStatus.PROPOSED, "alice"), T0)
                .apply(new RiskAccepted("app", 6, "t1", "internal only", T0.plusSeconds(3600), "alice"), T0);
    }

    @Test
    void anAcceptedRiskCountsAgainAfterItsExpiry() {
        ModelProjector projector = history();

        assertThat(projector.view(T0.plusSeconds(60)).threats()).singleElement()
                .satisfies(t -> assertThat(t.status()).isEqualTo(ModelView.Threat.ACCEPTED));
        assertThat(projector.view(T0.plusSeconds(3600)).threats()).singleElement()
                .satisfies(t -> {
                    assertThat(t.status()).isEqualTo(ModelView.Threat.OPEN);
                    assertThat(t.standing().justification()).isEqualTo("internal only");
                    assertThat(t.mitigations()).extracting(ModelView.Mitigation::mitigationId).containsExactly("m1");
                });
    }

    @Test
    void theDiffBetweenTwoVersionsNamesWhatWasAddedResolvedAndReassigned() {
        ModelView before = new ModelProjector("app").apply(new ModelCreated("app", 1, null), T0).view(T0);
        ModelProjector after = history().apply(new ThreatResolved("app", 7, "t1", "API2-NO-AUTH", "secured", null), T0);

        ModelDiff toSix = ModelDiff.between(before, history().view(T0));
        assertThat(toSix.entryPointsAdded()).containsExactly(GET);
        assertThat(toSix.threatsIdentified()).extracting(ModelView.Threat::threatId).containsExactly("t1");
        assertThat(toSix.team()).isEqualTo(new ModelDiff.TeamChange(null, "payments"));

        ModelDiff sixToSeven = ModelDiff.between(history().view(T0), after.view(T0));
        assertThat(sixToSeven.threatsResolved()).extracting(ModelView.Threat::threatId).containsExactly("t1");
        assertThat(sixToSeven.entryPointsAdded()).isEmpty();
        assertThat(sixToSeven.team()).isNull();
    }

    @Test
    void theDecompositionShowsTheTrustBoundariesAndTheFlowsThatCrossThem() {
        io.threatloop.contracts.model.Deployment orders = new io.threatloop.contracts.model.Deployment("shop/orders",
                "shop", "orders", List.of(), new io.threatloop.contracts.observation.Exposure("internet", List.of()),
                null, null, null);
        ModelView view = history()
                .apply(new io.threatloop.contracts.model.WorkloadDeployed("app", 7, orders, null), T0)
                .apply(new io.threatloop.contracts.model.EntryPointExposureChanged("app", 8, "GET /a/{}", null,
                        "internet", List.of("Ingress shop/orders a.example.com/ (TLS)"), null), T0)
                .view(T0);

        assertThat(view.trustBoundaries()).extracting(ModelView.TrustBoundary::name)
                .containsExactly("internet / ingress", "cluster", "namespace shop", "service shop/orders");
        assertThat(view.trustBoundaries().get(0).crossedBy())
                .containsExactly("GET /a/{} via Ingress shop/orders a.example.com/ (TLS)");
        assertThat(view.trustBoundaries().get(3).inside()).containsExactly("GET /a/{}");
        assertThat(view.dataFlows()).singleElement().satisfies(flow -> {
            assertThat(flow.from()).isEqualTo("internet client");
            assertThat(flow.to()).isEqualTo("GET /a/{}");
            assertThat(flow.origin()).isEqualTo("derived");
        });
    }
}
