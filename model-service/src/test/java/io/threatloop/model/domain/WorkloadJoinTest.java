package io.threatloop.model.domain;

import io.threatloop.contracts.model.Deployment;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.model.Provenance;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatResolved;
import io.threatloop.contracts.model.WorkloadDeployed;
import io.threatloop.contracts.model.WorkloadWithdrawn;
import io.threatloop.contracts.observation.Exposure;
import io.threatloop.contracts.observation.ExposureRoute;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityRequirement;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A spec from git and a workload from the cluster make one application: exposure, shadow and zombie operations. */
class WorkloadJoinTest {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private static final Provenance FROM_GIT = new Provenance("obs-git",
            new SourceRef("git", "file:///r", "c1", "openapi.yaml", "dev", Instant.EPOCH));
    private static final Provenance FROM_CLUSTER = new Provenance("obs-k8s",
            new SourceRef("kubernetes", "cluster", "4711", "shop/orders", null, Instant.EPOCH));
    private static final ExposureRoute PUBLIC_TLS = new ExposureRoute("Ingress", "shop/orders", "orders.example.com",
            "/", true);

    private static ApiOperation op(String method, String path, boolean deprecated) {
        return new ApiOperation(method + " " + path, method, path, null, deprecated,
                List.of(new SecurityRequirement(Map.of("bearer", List.of()))), List.of(), List.of(), List.of(),
                ThreatModelTest.RATE_LIMITED, Map.of());
    }

    private static ModelCommand spec(ApiOperation... operations) {
        return new ModelCommand.ApplySpec("orders", "openapi.yaml",
                new ApiSurface("Orders", "2", "openapi-3.0.3", List.of(), Map.of(), List.of(operations)), FROM_GIT);
    }

    private static ModelCommand workload(List<String> served, String team, ExposureRoute... routes) {
        return new ModelCommand.ApplyWorkload("orders", new Deployment("shop/orders", "shop", "orders", List.of(),
                new Exposure(routes.length > 0 ? "internet" : "cluster-internal", List.of(routes)), "/q/openapi",
                served, null), team, FROM_CLUSTER);
    }

    /** Applies the commands in order and returns the model and the events of the last one. */
    private static Result run(ModelCommand... commands) {
        ThreatModel model = ThreatModel.empty("orders");
        List<ModelEvent> last = List.of();
        for (ModelCommand command : commands) {
            last = model.decide(command, NOW).events();
            for (ModelEvent event : last) {
                model = model.apply(event);
            }
        }
        return new Result(model, last);
    }

    private record Result(ThreatModel model, List<ModelEvent> events) {
        List<String> identified() {
            return events.stream().filter(ThreatIdentified.class::isInstance).map(ThreatIdentified.class::cast)
                    .map(t -> t.ruleId() + " " + t.target()).toList();
        }
    }

    @Test
    void aWorkloadExposesTheDocumentedEntryPointsThroughItsRoutesAndNamesItsTeam() {
        Result result = run(spec(op("GET", "/v2/orders/{}", false)),
                workload(null, "shop-team", PUBLIC_TLS));

        assertThat(result.events()).hasAtLeastOneElementOfType(WorkloadDeployed.class);
        assertThat(result.events()).filteredOn(OwnerTeamAssigned.class::isInstance).singleElement()
                .isEqualTo(new OwnerTeamAssigned("orders", 3 + 1, "shop-team", null, "workload shop/orders"));
        EntryPointExposureChanged exposure = result.events().stream()
                .filter(EntryPointExposureChanged.class::isInstance).map(EntryPointExposureChanged.class::cast)
                .findFirst().orElseThrow();
        assertThat(exposure.entryPointId()).isEqualTo("GET /v2/orders/{}");
        assertThat(exposure.level()).isEqualTo("internet");
        assertThat(exposure.via()).containsExactly("Ingress shop/orders orders.example.com/ (TLS)");
        assertThat(result.model().exposures().get("GET /v2/orders/{}").level()).isEqualTo("internet");
    }

    @Test
    void operationsTheWorkloadServesBeyondTheSpecAreShadowOrZombieAndDocumentingOneResolvesIt() {
        Result seen = run(spec(op("GET", "/v2/orders/{}", false), op("DELETE", "/v2/orders/{}", true)),
                workload(List.of("GET /v2/orders/{}", "DELETE /v2/orders/{}", "GET /v1/orders/{}", "POST /debug/reset"),
                        null));

        assertThat(seen.identified()).containsExactly("API9-SHADOW-OPERATION POST /debug/reset",
                "API9-ZOMBIE-OPERATION DELETE /v2/orders/{}", "API9-ZOMBIE-OPERATION GET /v1/orders/{}");

        // the next commit documents the debug operation: its shadow threat is resolved, and the spec rules now
        // judge it (a debug function in the API)
        ThreatModel model = seen.model();
        List<ModelEvent> events = model.decide(spec(op("GET", "/v2/orders/{}", false), op("DELETE", "/v2/orders/{}", true),
                op("POST", "/debug/reset", false)), NOW).events();
        assertThat(events).filteredOn(ThreatResolved.class::isInstance).extracting(e -> ((ThreatResolved) e).ruleId())
                .containsExactly("API9-SHADOW-OPERATION");
        assertThat(events).filteredOn(ThreatIdentified.class::isInstance)
                .extracting(e -> ((ThreatIdentified) e).ruleId() + " " + ((ThreatIdentified) e).target())
                .containsExactly("API5-ADMIN-PATH POST /debug/reset");
    }

    @Test
    void aWithdrawnWorkloadLeavesItsEntryPointsNotDeployedAndItsInventoryThreatsResolved() {
        Result seen = run(spec(op("GET", "/v2/orders/{}", false)),
                workload(List.of("GET /v2/orders/{}", "POST /debug/reset"), null, PUBLIC_TLS));
        ThreatModel model = seen.model();

        List<ModelEvent> events = model.decide(new ModelCommand.RemoveWorkload("orders", "shop/orders", FROM_CLUSTER), NOW).events();

        assertThat(events.get(0)).isInstanceOf(WorkloadWithdrawn.class);
        assertThat(events).filteredOn(ThreatResolved.class::isInstance).extracting(e -> ((ThreatResolved) e).ruleId())
                .containsExactly("API9-SHADOW-OPERATION");
        assertThat(events).filteredOn(EntryPointExposureChanged.class::isInstance).isEmpty();
        assertThat(run(spec(op("GET", "/v2/orders/{}", false)), workload(null, null, PUBLIC_TLS),
                new ModelCommand.RemoveWorkload("orders", "shop/orders", FROM_CLUSTER)).model().deployments()).isEmpty();
    }

    @Test
    void theSameWorkloadObservedAgainChangesNothing() {
        Result seen = run(spec(op("GET", "/v2/orders/{}", false)), workload(null, "shop-team", PUBLIC_TLS));

        assertThat(seen.model().decide(workload(null, "shop-team", PUBLIC_TLS), NOW).events()).isEmpty();
    }
}
