package io.threatloop.analysis.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How context moves factors, as versioned configuration (docs/RISK.md): for each named context
 * rule, the factors it raises to at least, or lowers to at most, a value; and whether impact is
 * the technical or the business impact (the methodology prefers business impact when known).
 * A rule left out of the policy does not apply.
 */
public record ScoringPolicy(int version, boolean businessImpact, Map<String, Adjustment> rules) {

    /** The context rules a policy may configure. */
    public static final Set<String> RULES = Set.of("internet-exposure", "no-authentication", "personal-data",
            "restricted-data", "compliance-scope", "mitigation-implemented", "mitigation-verified");

    /** Factors raised to at least, and factors lowered to at most, their value. */
    public record Adjustment(Map<String, Integer> raise, Map<String, Integer> lower) {
        public Adjustment {
            raise = Map.copyOf(raise);
            lower = Map.copyOf(lower);
        }
    }

    public ScoringPolicy {
        rules = Map.copyOf(rules);
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The YAML of the policy threatloop ships with ({@code risk-policy.yaml} next to this class). */
    public static final String DEFAULT_DOCUMENT = readDefaultDocument();

    private static final ScoringPolicy DEFAULT = parseDefault();

    /** The policy threatloop ships with, read once. */
    public static ScoringPolicy defaults() {
        return DEFAULT;
    }

    private static String readDefaultDocument() {
        try (InputStream in = ScoringPolicy.class.getResourceAsStream("risk-policy.yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the built-in risk policy cannot be read: " + e.getMessage(), e);
        }
    }

    private static ScoringPolicy parseDefault() {
        try {
            return parse(DEFAULT_DOCUMENT.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (InvalidPolicy e) {
            throw new IllegalStateException("the built-in risk policy is invalid: " + e.getMessage(), e);
        }
    }

    /** Reads a policy; every problem names the field, so an admin can fix it. */
    public static ScoringPolicy parse(byte[] yaml) throws InvalidPolicy {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidPolicy("policy", "not YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidPolicy("policy", "unreadable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPolicy("policy", "must be a mapping with version, impact and rules");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("version", "impact", "rules").contains(name)) {
                throw new InvalidPolicy(name, "unknown key (allowed: version, impact, rules)");
            }
        }
        JsonNode version = root.get("version");
        if (version == null || !version.canConvertToInt() || version.asInt() < 1) {
            throw new InvalidPolicy("version", "must be a positive whole number");
        }
        String impact = root.path("impact").asText("technical");
        if (!impact.equals("technical") && !impact.equals("business")) {
            throw new InvalidPolicy("impact", "must be technical or business");
        }
        Map<String, Adjustment> rules = new LinkedHashMap<>();
        JsonNode ruleNodes = root.path("rules");
        if (!ruleNodes.isMissingNode() && !ruleNodes.isObject()) {
            throw new InvalidPolicy("rules", "must map rule names to {raise: {...}, lower: {...}}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = ruleNodes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> rule = it.next();
            String field = "rules." + rule.getKey();
            if (!RULES.contains(rule.getKey())) {
                throw new InvalidPolicy(field, "unknown context rule (known: " + String.join(", ",
                        RULES.stream().sorted().toList()) + ")");
            }
            rules.put(rule.getKey(), new Adjustment(factors(rule.getValue().path("raise"), field + ".raise"),
                    factors(rule.getValue().path("lower"), field + ".lower")));
        }
        return new ScoringPolicy(version.asInt(), impact.equals("business"), rules);
    }

    private static Map<String, Integer> factors(JsonNode node, String field) throws InvalidPolicy {
        Map<String, Integer> factors = new LinkedHashMap<>();
        if (node.isMissingNode()) {
            return factors;
        }
        if (!node.isObject()) {
            throw new InvalidPolicy(field, "must map factor names to values 0-9");
        }
        List<String> known = new ArrayList<>(RiskFactors.NAMES);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> factor = it.next();
            if (!known.contains(factor.getKey())) {
                throw new InvalidPolicy(field + "." + factor.getKey(), "unknown factor (known: "
                        + String.join(", ", known) + ")");
            }
            JsonNode value = factor.getValue();
            if (!value.canConvertToInt() || value.asInt() < 0 || value.asInt() > 9) {
                throw new InvalidPolicy(field + "." + factor.getKey(), "must be a whole number from 0 to 9");
            }
            factors.put(factor.getKey(), value.asInt());
        }
        return factors;
    }

    /** A policy that cannot be used; {@code field} names where. */
    public static final class InvalidPolicy extends Exception {
        private final String field;

        public InvalidPolicy(String field, String problem) {
            super(field + ": " + problem);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
