package io.threatloop.analysis.threats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.threatloop.analysis.spec.SpecNormalizer;
import io.threatloop.contracts.surface.ApiSurface;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A positive and a negative example per rule, in {@code src/test/resources/rules/<rule id>.yaml}:
 * each is merged into a base spec (https server, bearer authentication everywhere), normalized
 * like a scanned spec, and evaluated. A rule without examples fails here.
 */
class RuleExamplesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String BASE = """
            openapi: 3.0.3
            info: {title: rule example, version: "1"}
            servers: [{url: "https://api.example.com"}]
            components:
              securitySchemes:
                bearer: {type: http, scheme: bearer}
            security: [{bearer: []}]
            paths: {}
            """;

    @TestFactory
    List<DynamicTest> everyRuleFindsItsPositiveExampleAndNotItsNegativeOne() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ThreatRule rule : RuleCatalogue.rules()) {
            String id = rule.definition().id();
            tests.add(DynamicTest.dynamicTest(id + " finds its positive example", () -> {
                List<Finding> findings = rule.evaluate(example(id, "positive"));
                assertThat(findings).as(id + " on its positive example").isNotEmpty()
                        .allSatisfy(f -> assertThat(f.evidence()).isNotEmpty());
            }));
            tests.add(DynamicTest.dynamicTest(id + " is silent on its negative example", () ->
                    assertThat(rule.evaluate(example(id, "negative"))).as(id + " on its negative example").isEmpty()));
        }
        return tests;
    }

    static ApiSurface example(String ruleId, String which) throws Exception {
        JsonNode examples;
        try (InputStream in = RuleExamplesTest.class.getResourceAsStream("/rules/" + ruleId + ".yaml")) {
            if (in == null) {
                throw new AssertionError("rule " + ruleId + " has no examples: add src/test/resources/rules/"
                        + ruleId + ".yaml with a positive and a negative example");
            }
            examples = YAML.readTree(in);
        }
        ObjectNode spec = (ObjectNode) YAML.readTree(BASE);
        merge(spec, (ObjectNode) examples.required(which));
        byte[] text = YAML.writeValueAsBytes(spec);
        return new SpecNormalizer().normalize("openapi.yaml", text).surface();
    }

    /** Maps merge key by key; anything else (lists, values) replaces. */
    private static void merge(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(entry -> {
            JsonNode existing = into.get(entry.getKey());
            if (existing instanceof ObjectNode target && entry.getValue() instanceof ObjectNode source) {
                merge(target, source);
            } else {
                into.set(entry.getKey(), entry.getValue());
            }
        });
    }
}
