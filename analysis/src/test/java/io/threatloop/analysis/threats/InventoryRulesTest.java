package io.threatloop.analysis.threats;

import io.threatloop.contracts.model.Deployment;
import io.threatloop.contracts.model.EntryPoint;
import io.threatloop.contracts.observation.Exposure;
import io.threatloop.contracts.observation.ExposureRoute;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryRulesTest {

    private static EntryPoint documented(String id, boolean deprecated) {
        String[] parts = id.split(" ");
        return new EntryPoint(id, parts[0], parts[1], "openapi.yaml", true, List.of("bearer"), deprecated);
    }

    private static Map<String, EntryPoint> spec(EntryPoint... entryPoints) {
        Map<String, EntryPoint> map = new TreeMap<>();
        for (EntryPoint e : entryPoints) {
            map.put(e.id(), e);
        }
        return map;
    }

    private static Deployment serving(List<String> operations, ExposureRoute... routes) {
        return new Deployment("shop/orders", "shop", "orders", List.of(),
                new Exposure(routes.length == 0 ? "cluster-internal" : "internet", List.of(routes)), "/q/openapi",
                operations, null);
    }

    @Test
    void servedButUndocumentedIsAShadowOperation() {
        List<Finding> findings = InventoryRules.evaluate(spec(documented("GET /v2/orders/{}", false)),
                List.of(serving(List.of("GET /v2/orders/{}", "POST /debug/reset"))));

        assertThat(findings).extracting(f -> f.rule().id() + " " + f.target())
                .containsExactly("API9-SHADOW-OPERATION POST /debug/reset");
        assertThat(findings.get(0).evidence().get(0)).contains("shop/orders");
    }

    @Test
    void deprecatedOrSupersededButStillServedIsAZombieOperation() {
        List<Finding> findings = InventoryRules.evaluate(
                spec(documented("GET /v2/orders/{}", false), documented("DELETE /v2/orders/{}", true)),
                List.of(serving(List.of("GET /v1/orders/{}", "GET /v2/orders/{}", "DELETE /v2/orders/{}"))));

        assertThat(findings).extracting(f -> f.rule().id() + " " + f.target()).containsExactly(
                "API9-ZOMBIE-OPERATION DELETE /v2/orders/{}", "API9-ZOMBIE-OPERATION GET /v1/orders/{}");
        assertThat(findings.get(1).evidence().get(0)).contains("newer GET /v2/orders/{}");
    }

    @Test
    void documentedButServedByNoWorkloadIsReportedOnlyWhenWhatIsServedIsKnown() {
        Map<String, EntryPoint> documented = spec(documented("GET /v2/orders/{}", false),
                documented("PUT /v2/orders/{}", false));

        assertThat(InventoryRules.evaluate(documented, List.of(serving(List.of("GET /v2/orders/{}")))))
                .extracting(f -> f.rule().id() + " " + f.target())
                .containsExactly("API9-DOCUMENTED-NOT-DEPLOYED PUT /v2/orders/{}");
        assertThat(InventoryRules.evaluate(documented, List.of(serving(null)))).isEmpty();
        assertThat(InventoryRules.evaluate(documented, List.of())).isEmpty();
    }

    @Test
    void anInternetRouteWithoutTlsIsAManInTheMiddleThreat() {
        List<Finding> findings = InventoryRules.evaluate(spec(), List.of(serving(null,
                new ExposureRoute("Ingress", "shop/orders", "orders.example.com", "/", false),
                new ExposureRoute("Ingress", "shop/orders-tls", "orders.example.com", "/", true))));

        assertThat(findings).extracting(f -> f.rule().id() + " " + f.target())
                .containsExactly("MITM-ROUTE-WITHOUT-TLS route Ingress shop/orders orders.example.com/");
    }

    @Test
    void everyInventoryRuleIsInTheCatalogueForTheRiskService() {
        assertThat(InventoryRules.definitions()).allSatisfy(definition ->
                assertThat(RuleCatalogue.definition(definition.id())).contains(definition));
    }
}
