package io.threatloop.analysis.modelfile;

import com.fasterxml.jackson.databind.JsonNode;
import io.threatloop.analysis.data.SensitiveData;
import io.threatloop.analysis.spec.DocumentReader;
import io.threatloop.analysis.spec.SpecException;
import io.threatloop.contracts.observation.ModelFile;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a {@code threatmodel.yaml} (schema 1, documented in docs/MODEL-FILE.md)
 * with the same bounds as specs (size, encoding, nesting, YAML aliases). The first problem found
 * is reported with where it is, as {@code <file>: <field path>: <what to do>}.
 */
public final class ModelFileReader {

    /** Where the model file lives in a repository. */
    public static final String PATH = "threatmodel.yaml";

    private static final Set<String> TOP_LEVEL = Set.of("threatmodel", "owner", "objectives", "dataFlows",
            "acceptedRisks", "classification");
    private static final Set<String> CLASSIFICATIONS = Set.of("public", "internal", "confidential", "restricted");
    private static final Set<String> LEVELS = Set.of("low", "medium", "high");
    private static final Set<String> COMPLIANCE = Set.of("GDPR", "HIPAA", "PCI-DSS", "SOX", "SOC2", "ISO-27001",
            "CCPA", "NIS2", "DORA");
    /** What a team name may be, wherever one is given (model file, API, workload annotation). */
    public static final Pattern TEAM_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern RULE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,80}");

    private ModelFileReader() {
    }

    public static boolean isModelFile(String path) {
        return PATH.equals(path);
    }

    public static ModelFile read(String path, byte[] content) throws SpecException {
        JsonNode root = DocumentReader.read(path, content, new ArrayList<>());
        Reader reader = new Reader(path);
        if (root == null || !root.isObject()) {
            throw reader.problem("", "the model file is a YAML mapping with the key 'threatmodel: 1' at the top");
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!TOP_LEVEL.contains(key)) {
                throw reader.problem(key, "unknown key; the keys are " + String.join(", ", new java.util.TreeSet<>(TOP_LEVEL)));
            }
        }
        JsonNode schema = root.get("threatmodel");
        if (schema == null || !schema.isInt() || schema.asInt() != 1) {
            throw reader.problem("threatmodel", "must be 1 (the schema version this threatloop reads)");
        }
        String team = null;
        if (root.has("owner")) {
            team = reader.text(root.get("owner"), "owner.team", true);
            if (!TEAM_NAME.matcher(team).matches()) {
                throw reader.problem("owner.team", "a team name is lower-case letters, digits and '-'");
            }
        }
        return new ModelFile(1, team, reader.objectives(root.get("objectives")), reader.flows(root.get("dataFlows")),
                reader.acceptances(root.get("acceptedRisks")), reader.classification(root.get("classification")));
    }

    /** Validates one section at a time; every problem names its field. */
    private record Reader(String path) {

        SpecException problem(String field, String message) {
            return new SpecException(path + ": " + (field.isEmpty() ? "" : field + ": ") + message, path);
        }

        String text(JsonNode parent, String field, boolean required) throws SpecException {
            String name = field.substring(field.lastIndexOf('.') + 1);
            JsonNode node = parent == null ? null : parent.get(name);
            if (node == null || node.isNull()) {
                if (required) {
                    throw problem(field, "is required");
                }
                return null;
            }
            if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > 2000) {
                throw problem(field, "must be a non-empty text of at most 2000 characters");
            }
            return node.asText().strip();
        }

        List<String> texts(JsonNode parent, String field) throws SpecException {
            String name = field.substring(field.lastIndexOf('.') + 1);
            JsonNode node = parent == null ? null : parent.get(name);
            List<String> values = new ArrayList<>();
            if (node == null || node.isNull()) {
                return values;
            }
            if (!node.isArray() || node.size() > 100) {
                throw problem(field, "must be a list of at most 100 texts");
            }
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual() || node.get(i).asText().isBlank()) {
                    throw problem(field + "[" + i + "]", "must be a non-empty text");
                }
                values.add(node.get(i).asText().strip());
            }
            return values;
        }

        ModelFile.SecurityObjectives objectives(JsonNode node) throws SpecException {
            if (node == null || node.isNull()) {
                return null;
            }
            onlyKeys(node, "objectives", Set.of("confidentiality", "integrity", "availability", "compliance",
                    "availabilityTarget", "responseTimeMs", "intangibleAssets"));
            String confidentiality = level(node, "objectives.confidentiality");
            String integrity = level(node, "objectives.integrity");
            String availability = level(node, "objectives.availability");
            List<String> compliance = texts(node, "objectives.compliance");
            for (int i = 0; i < compliance.size(); i++) {
                if (!COMPLIANCE.contains(compliance.get(i))) {
                    throw problem("objectives.compliance[" + i + "]", "unknown scope '" + compliance.get(i)
                            + "'; known: " + String.join(", ", new java.util.TreeSet<>(COMPLIANCE)));
                }
            }
            Integer responseTime = null;
            JsonNode rt = node.get("responseTimeMs");
            if (rt != null && !rt.isNull()) {
                if (!rt.isInt() || rt.asInt() < 1 || rt.asInt() > 600_000) {
                    throw problem("objectives.responseTimeMs", "must be a whole number of milliseconds, 1 to 600000");
                }
                responseTime = rt.asInt();
            }
            return new ModelFile.SecurityObjectives(confidentiality, integrity, availability, compliance,
                    text(node, "objectives.availabilityTarget", false), responseTime,
                    texts(node, "objectives.intangibleAssets"));
        }

        List<ModelFile.DataFlow> flows(JsonNode node) throws SpecException {
            List<ModelFile.DataFlow> flows = new ArrayList<>();
            if (node == null || node.isNull()) {
                return flows;
            }
            if (!node.isArray() || node.size() > 500) {
                throw problem("dataFlows", "must be a list of at most 500 flows");
            }
            for (int i = 0; i < node.size(); i++) {
                String at = "dataFlows[" + i + "]";
                JsonNode flow = node.get(i);
                onlyKeys(flow, at, Set.of("from", "to", "data", "protocol"));
                flows.add(new ModelFile.DataFlow(text(flow, at + ".from", true), text(flow, at + ".to", true),
                        texts(flow, at + ".data"), text(flow, at + ".protocol", false)));
            }
            return flows;
        }

        List<ModelFile.DeclaredAcceptance> acceptances(JsonNode node) throws SpecException {
            List<ModelFile.DeclaredAcceptance> acceptances = new ArrayList<>();
            if (node == null || node.isNull()) {
                return acceptances;
            }
            if (!node.isArray() || node.size() > 500) {
                throw problem("acceptedRisks", "must be a list of at most 500 entries");
            }
            for (int i = 0; i < node.size(); i++) {
                String at = "acceptedRisks[" + i + "]";
                JsonNode entry = node.get(i);
                onlyKeys(entry, at, Set.of("rule", "target", "justification", "expires"));
                String rule = text(entry, at + ".rule", true);
                if (!RULE.matcher(rule).matches()) {
                    throw problem(at + ".rule", "must be a rule id such as API2-NO-AUTH");
                }
                String expires = text(entry, at + ".expires", true);
                LocalDate date;
                try {
                    date = LocalDate.parse(expires);
                } catch (DateTimeParseException e) {
                    throw problem(at + ".expires", "must be a date such as 2027-03-31");
                }
                acceptances.add(new ModelFile.DeclaredAcceptance(rule, text(entry, at + ".target", true),
                        text(entry, at + ".justification", true), date));
            }
            return acceptances;
        }

        Map<String, String> classification(JsonNode node) throws SpecException {
            Map<String, String> levels = new java.util.TreeMap<>();
            if (node == null || node.isNull()) {
                return levels;
            }
            onlyKeys(node, "classification", new java.util.HashSet<>(SensitiveData.categories()));
            for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                String level = entry.getValue().asText();
                if (!entry.getValue().isTextual() || !CLASSIFICATIONS.contains(level)) {
                    throw problem("classification." + entry.getKey(), "must be public, internal, confidential or restricted");
                }
                levels.put(entry.getKey(), level);
            }
            return levels;
        }

        private String level(JsonNode node, String field) throws SpecException {
            String value = text(node, field, false);
            if (value != null && !LEVELS.contains(value)) {
                throw problem(field, "must be low, medium or high");
            }
            return value;
        }

        private void onlyKeys(JsonNode node, String at, Set<String> allowed) throws SpecException {
            if (node == null || !node.isObject()) {
                throw problem(at, "must be a mapping");
            }
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                if (!allowed.contains(field.getKey())) {
                    throw problem(at + "." + field.getKey(), "unknown key; allowed: "
                            + String.join(", ", new java.util.TreeSet<>(allowed)));
                }
            }
        }
    }
}
