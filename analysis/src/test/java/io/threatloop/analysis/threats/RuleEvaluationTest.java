package io.threatloop.analysis.threats;

import io.threatloop.analysis.spec.SpecException;
import io.threatloop.analysis.spec.SpecNormalizer;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiServer;
import io.threatloop.contracts.surface.ApiSurface;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An evaluation that reuses the findings of unchanged operations must find exactly what all the
 * rules find on the new surface, whatever changed: an operation removed, added or changed, the
 * API's schemes or servers, a real history of releases.
 */
class RuleEvaluationTest {

    private static final List<String> HISTORY = List.of("009-62e42a6.yaml", "013-a14853b.yaml",
            "044-cc2f698.yaml", "054-f647a89.yaml");

    @Test
    void findsWhatAllTheRulesFindAlongARealHistory() throws Exception {
        RuleEvaluation evaluation = null;
        for (String version : HISTORY) {
            ApiSurface surface = surface("/corpus/twilio-content-v1/" + version);
            evaluation = evaluation == null ? RuleEvaluation.of(surface) : evaluation.next(surface);
            assertThat(evaluation.findings()).as(version).isEqualTo(RuleCatalogue.evaluate(surface));
        }
        List<String> back = new ArrayList<>(HISTORY);
        java.util.Collections.reverse(back);
        for (String version : back) { // and back, each release undone
            ApiSurface surface = surface("/corpus/twilio-content-v1/" + version);
            evaluation = evaluation.next(surface);
            assertThat(evaluation.findings()).as(version + " again").isEqualTo(RuleCatalogue.evaluate(surface));
        }
    }

    @Test
    void findsWhatAllTheRulesFindAfterEachOneOperationChange() throws Exception {
        for (String spec : List.of("/corpus/vampi/openapi3.yml", "/corpus/1forge.com__0.0.1.json",
                "/corpus/twilio-content-v1/054-f647a89.yaml")) {
            ApiSurface base = surface(spec);
            RuleEvaluation before = RuleEvaluation.of(base);
            assertThat(before.findings()).as(spec).isEqualTo(RuleCatalogue.evaluate(base)).isNotEmpty();
            for (ApiSurface changed : oneOperationChanges(base)) {
                RuleEvaluation after = before.next(changed);
                assertThat(after.findings()).as(spec + " changed").isEqualTo(RuleCatalogue.evaluate(changed));
                assertThat(after.next(base).findings()).as(spec + " changed back").isEqualTo(before.findings());
            }
        }
    }

    @Test
    void judgesEveryOperationAgainWhenTheSchemesOrServersChange() throws Exception {
        ApiSurface base = surface("/corpus/vampi/openapi3.yml");
        RuleEvaluation before = RuleEvaluation.of(base);
        ApiSurface noSchemes = new ApiSurface(base.title(), base.version(), base.specFormat(), base.servers(),
                Map.of(), base.operations(), base.webhooks());
        List<ApiServer> servers = new ArrayList<>(base.servers());
        servers.add(new ApiServer("http://legacy.example.com", "http", "legacy.example.com", ""));
        ApiSurface plainHttp = new ApiSurface(base.title(), base.version(), base.specFormat(), servers,
                base.securitySchemes(), base.operations(), base.webhooks());
        for (ApiSurface changed : List.of(noSchemes, plainHttp)) {
            assertThat(before.next(changed).findings()).isEqualTo(RuleCatalogue.evaluate(changed))
                    .isNotEqualTo(before.findings());
        }
    }

    private static final String OIDC = """
            openapi: 3.0.3
            info: {title: t, version: "1"}
            components: {securitySchemes: {oidc: {type: openIdConnect, openIdConnectUrl: "https://id.example.com/.well-known/openid-configuration"}}}
            """;

    @Test
    void aWriteIsComparedWithTheReadsAsTheyAreNow() throws Exception {
        ApiSurface base = surface(OIDC + """
                paths:
                  /ledger:
                    get: {security: [{oidc: [ledger.read]}], responses: {"200": {description: ok}}}
                    put: {security: [{oidc: [ledger.write]}], responses: {"200": {description: ok}}}
                  /audit:
                    get: {security: [{oidc: [audit.read]}], responses: {"200": {description: ok}}}
                """);
        ApiSurface writeLikeRead = surface(OIDC + """
                paths:
                  /ledger:
                    get: {security: [{oidc: [ledger.write]}], responses: {"200": {description: ok}}}
                    put: {security: [{oidc: [ledger.write]}], responses: {"200": {description: ok}}}
                  /audit:
                    get: {security: [{oidc: [audit.read]}], responses: {"200": {description: ok}}}
                """);
        // the PUT did not change, the GET beside it did: the write's finding must follow the read
        List<Finding> found = RuleEvaluation.of(base).next(writeLikeRead).findings();
        assertThat(found).isEqualTo(RuleCatalogue.evaluate(writeLikeRead));
        assertThat(found).extracting(f -> f.rule().id() + " " + f.target())
                .contains("API5-WRITE-SAME-SECURITY-AS-READ PUT /ledger");
    }

    /** Each operation removed, and each changed (its security dropped, a parameter removed). */
    private static List<ApiSurface> oneOperationChanges(ApiSurface base) {
        List<ApiSurface> changes = new ArrayList<>();
        List<ApiOperation> ops = base.operations();
        for (int i = 0; i < ops.size(); i++) {
            changes.add(with(base, ops, i, op -> null));
            changes.add(with(base, ops, i, op -> new ApiOperation(op.id(), op.method(), op.path(), op.operationId(),
                    op.deprecated(), List.of(), op.parameters(), op.requestFields(), op.responseFields(),
                    op.responseCodes(), op.extensions(), op.responseHeaders(), op.callbacks(), op.requestMediaTypes())));
            if (!ops.get(i).parameters().isEmpty()) {
                changes.add(with(base, ops, i, op -> new ApiOperation(op.id(), op.method(), op.path(), op.operationId(),
                        op.deprecated(), op.security(), op.parameters().subList(1, op.parameters().size()),
                        op.requestFields(), op.responseFields(), op.responseCodes(), op.extensions(),
                        op.responseHeaders(), op.callbacks(), op.requestMediaTypes())));
            }
        }
        return changes;
    }

    private static ApiSurface with(ApiSurface base, List<ApiOperation> ops, int index, UnaryOperator<ApiOperation> change) {
        List<ApiOperation> changed = new ArrayList<>(ops);
        ApiOperation replaced = change.apply(ops.get(index));
        if (replaced == null) {
            changed.remove(index);
        } else {
            changed.set(index, replaced);
        }
        return new ApiSurface(base.title(), base.version(), base.specFormat(), base.servers(), base.securitySchemes(),
                changed, base.webhooks());
    }

    private static ApiSurface surface(String resourceOrYaml) throws IOException, SpecException {
        if (!resourceOrYaml.startsWith("/")) {
            return new SpecNormalizer().normalize("openapi.yaml", resourceOrYaml.getBytes()).surface();
        }
        try (InputStream in = RuleEvaluationTest.class.getResourceAsStream(resourceOrYaml)) {
            assertThat(in).as(resourceOrYaml).isNotNull();
            String name = resourceOrYaml.substring(resourceOrYaml.lastIndexOf('/') + 1);
            return new SpecNormalizer().normalize(name, in.readAllBytes()).surface();
        }
    }
}
