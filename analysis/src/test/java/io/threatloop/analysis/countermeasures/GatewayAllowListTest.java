package io.threatloop.analysis.countermeasures;

import io.threatloop.analysis.spec.SpecNormalizer;
import io.threatloop.contracts.surface.ApiSurface;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway allow-list lets documented operations through and nothing else. */
class GatewayAllowListTest {

    private static ApiSurface surface() throws Exception {
        return new SpecNormalizer().normalize("openapi.yaml", """
                openapi: 3.0.3
                info: {title: Accounts, version: "2"}
                servers: [{url: "https://api.example.com/v2"}]
                paths:
                  /accounts/{id}:
                    get: {responses: {"200": {description: ok}}}
                    delete: {responses: {"204": {description: gone}}}
                  /reports/summary.json:
                    get: {responses: {"200": {description: ok}}}
                """.getBytes(StandardCharsets.UTF_8)).surface();
    }

    private static boolean allowed(Map<String, List<String>> rules, String method, String path) {
        return rules.entrySet().stream().anyMatch(rule -> Pattern.compile(rule.getKey()).matcher(path).matches()
                && rule.getValue().contains(method));
    }

    @Test
    void onlyDocumentedMethodsAndPathsUnderTheBasePathPass() throws Exception {
        Map<String, List<String>> rules = GatewayAllowList.rules(surface());

        assertThat(rules).containsEntry("^/v2/accounts/[^/]+$", List.of("DELETE", "GET"))
                .containsEntry("^/v2/reports/summary\\.json$", List.of("GET"));
        assertThat(allowed(rules, "GET", "/v2/accounts/42")).isTrue();
        assertThat(allowed(rules, "DELETE", "/v2/accounts/42")).isTrue();
        assertThat(allowed(rules, "PUT", "/v2/accounts/42")).as("undocumented method").isFalse();
        assertThat(allowed(rules, "GET", "/v2/accounts/42/secrets")).as("deeper path").isFalse();
        assertThat(allowed(rules, "GET", "/v1/accounts/42")).as("other version").isFalse();
        assertThat(allowed(rules, "GET", "/v2/reports/summaryXjson")).as("dot is literal").isFalse();
        assertThat(allowed(rules, "GET", "/v2/admin")).isFalse();
    }

    @Test
    void nginxLocationsRefuseOtherMethodsAndEverythingUndocumented() throws Exception {
        String config = GatewayAllowList.nginx(surface(), "http://accounts:8080");

        assertThat(config).contains("location ~ ^/v2/accounts/[^/]+$ {",
                "    if ($request_method !~ ^(DELETE|GET)$) {", "        return 405;",
                "    proxy_pass http://accounts:8080;", "location / {\n    return 404;\n}");
    }

    @Test
    void envoyRbacAllowsEachDocumentedPairAndDeniesTheRest() throws Exception {
        Map<String, Object> filter = GatewayAllowList.envoyRbac(surface());

        assertThat(filter).containsEntry("name", "envoy.filters.http.rbac");
        String text = filter.toString();
        assertThat(text).contains("action=ALLOW", "regex=^/v2/accounts/[^/]+$", "exact=DELETE", "exact=GET",
                "principals=[{any=true}]");
    }
}
