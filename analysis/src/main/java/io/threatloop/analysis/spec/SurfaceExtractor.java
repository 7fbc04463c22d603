package io.threatloop.analysis.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.threatloop.contracts.surface.ApiField;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiParameter;
import io.threatloop.contracts.surface.ApiServer;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityRequirement;
import io.threatloop.contracts.surface.SecurityScheme;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the normalized {@link ApiSurface} straight from the document tree, for OpenAPI 3.0/3.1
 * and Swagger 2.0 alike. Internal references ({@code #/...}) are followed with cycle detection;
 * external ones were inlined (or dropped) by {@link RefBundler} before.
 * <p>
 * Why not a full OpenAPI object model: threatloop reads a small, security-relevant part of a
 * spec, and building the whole model was most of the cost of every scan.
 */
final class SurfaceExtractor {

    static final int MAX_FIELD_DEPTH = 12;
    static final int MAX_FIELDS = 1_000;
    /** The body itself, so that a change of the whole body (e.g. it now accepts any property) shows. */
    static final String ROOT = "$";

    static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    /**
     * The x- extensions the rules read: rate limits and ownership, release state ({@code x-preview},
     * {@code x-ms-visibility}, {@code x-stability-level}), admin-only operations, other versions that
     * serve the operation ({@code x-alternate-versions}).
     */
    private static final List<String> EXTENSION_HINTS = List.of("rate", "limit", "throttl", "quota", "owner", "team",
            "preview", "beta", "hidden", "internal", "visibility", "stability", "experimental", "unreleased",
            "alternate-versions", "admin", "required-roles");
    /** Gateway extensions naming the upstream an operation forwards to; only the URL is kept. */
    private static final List<String> UPSTREAM_HINTS = List.of("integration", "backend", "upstream", "proxy");

    private final JsonNode root;
    private final boolean swagger2;

    private SurfaceExtractor(JsonNode root) {
        this.root = root;
        this.swagger2 = root.has("swagger");
    }

    static ApiSurface extract(String path, JsonNode root) throws SpecException {
        String version = root.has("swagger") ? root.path("swagger").asText() : root.path("openapi").asText();
        if (root.has("swagger") ? !version.startsWith("2.") : !version.startsWith("3.")) {
            throw new SpecException("unsupported " + (root.has("swagger") ? "Swagger" : "OpenAPI") + " version '"
                    + version + "' (threatloop reads Swagger 2.0 and OpenAPI 3.0/3.1)", path);
        }
        if (root.has("paths") && !root.get("paths").isObject()) {
            throw new SpecException("not a valid API description: 'paths' is not a mapping", path);
        }
        return new SurfaceExtractor(root).surface((root.has("swagger") ? "swagger-" : "openapi-") + version);
    }

    private ApiSurface surface(String format) {
        Map<String, SecurityScheme> schemes = new TreeMap<>();
        JsonNode declared = swagger2 ? root.path("securityDefinitions") : root.path("components").path("securitySchemes");
        declared.fields().forEachRemaining(e -> schemes.put(e.getKey(), schemeOf(deref(e.getValue()))));
        List<SecurityRequirement> global = requirementsOf(root.get("security"));
        Map<String, ApiOperation> operations = new TreeMap<>();
        root.path("paths").fields().forEachRemaining(entry -> {
            JsonNode item = deref(entry.getValue());
            for (String method : METHODS) {
                JsonNode op = item.get(method);
                if (op != null && op.isObject()) {
                    ApiOperation operation = operationOf(entry.getKey(), method, item, op, global);
                    operations.putIfAbsent(operation.id(), operation);
                }
            }
        });
        JsonNode info = root.path("info");
        List<String> webhooks = new ArrayList<>();
        root.path("webhooks").fieldNames().forEachRemaining(webhooks::add);
        webhooks.sort(null);
        return new ApiSurface(text(info, "title"), text(info, "version"), format, servers(), schemes,
                new ArrayList<>(operations.values()), webhooks);
    }

    private List<ApiServer> servers() {
        List<String> urls = new ArrayList<>();
        if (swagger2) {
            String host = text(root, "host");
            String basePath = root.path("basePath").asText("/");
            if (host == null) {
                urls.add(basePath);
            } else {
                JsonNode schemes = root.path("schemes");
                if (!schemes.isArray() || schemes.isEmpty()) {
                    urls.add("https://" + host + basePath);
                } else {
                    schemes.forEach(s -> urls.add(s.asText().toLowerCase(Locale.ROOT) + "://" + host + basePath));
                }
            }
        } else {
            root.path("servers").forEach(s -> {
                if (s.hasNonNull("url")) {
                    urls.add(s.get("url").asText());
                }
            });
        }
        return urls.stream().distinct().map(SurfaceExtractor::serverOf).sorted(Comparator.comparing(ApiServer::url))
                .toList();
    }

    private static SecurityScheme schemeOf(JsonNode node) {
        String type = text(node, "type");
        String scheme = text(node, "scheme");
        if ("basic".equals(type)) { // Swagger 2.0
            type = "http";
            scheme = "basic";
        }
        List<String> flows = new ArrayList<>();
        node.path("flows").fieldNames().forEachRemaining(flows::add); // OpenAPI 3
        String flow = text(node, "flow"); // Swagger 2.0
        if (flow != null) {
            flows.add(switch (flow) {
                case "accessCode" -> "authorizationCode";
                case "application" -> "clientCredentials";
                default -> flow;
            });
        }
        flows.sort(null);
        Map<String, String> urls = new TreeMap<>();
        putText(urls, "openIdConnectUrl", node, "openIdConnectUrl");
        node.path("flows").fields().forEachRemaining(f -> {
            for (String url : List.of("authorizationUrl", "tokenUrl", "refreshUrl")) {
                putText(urls, f.getKey() + "." + url, f.getValue(), url);
            }
        });
        if (flow != null) {
            putText(urls, flows.get(0) + ".authorizationUrl", node, "authorizationUrl");
            putText(urls, flows.get(0) + ".tokenUrl", node, "tokenUrl");
        }
        return new SecurityScheme(type, scheme == null ? null : scheme.toLowerCase(Locale.ROOT), text(node, "in"),
                text(node, "bearerFormat"), text(node, "name"), flows, urls);
    }

    private static void putText(Map<String, String> out, String key, JsonNode node, String field) {
        String value = text(node, field);
        if (value != null) {
            out.put(key, value);
        }
    }

    private ApiOperation operationOf(String rawPath, String method, JsonNode item, JsonNode op,
                                     List<SecurityRequirement> global) {
        String path = normalizePath(rawPath);
        String verb = method.toUpperCase(Locale.ROOT);
        List<SecurityRequirement> security = op.has("security") ? requirementsOf(op.get("security")) : global;
        Map<String, ApiParameter> parameters = new TreeMap<>();
        Map<String, ApiField> requestFields = new TreeMap<>();
        List<JsonNode> declared = new ArrayList<>();
        item.path("parameters").forEach(declared::add);
        op.path("parameters").forEach(declared::add);
        Set<String> mediaTypes = new TreeSet<>();
        for (JsonNode raw : declared) {
            JsonNode p = deref(raw);
            String name = text(p, "name");
            String in = text(p, "in");
            if (name == null || in == null) {
                continue;
            }
            if ("body".equals(in)) { // Swagger 2.0 request body
                fields(p.get("schema"), requestFields);
                exampleFields(p.path("schema").path("example"), requestFields);
                consumes(op, mediaTypes, "application/json");
            } else if ("formData".equals(in)) {
                requestFields.put(name, fieldOf(name, p, typeOf(p), p.path("required").asBoolean(false)));
                consumes(op, mediaTypes, "file".equals(text(p, "type")) ? "multipart/form-data"
                        : "application/x-www-form-urlencoded");
            } else {
                ApiParameter parameter = parameterOf(name, in, p);
                parameters.put(parameter.key(), parameter);
            }
        }
        if (!swagger2 && op.has("requestBody")) {
            JsonNode content = deref(op.get("requestBody")).path("content");
            fields(mediaSchema(content), requestFields);
            content.fields().forEachRemaining(media -> {
                mediaTypes.add(media.getKey().toLowerCase(Locale.ROOT));
                exampleFields(media.getValue().path("example"), requestFields);
                media.getValue().path("examples").forEach(e -> exampleFields(deref(e).path("value"), requestFields));
                exampleFields(deref(media.getValue().path("schema")).path("example"), requestFields);
            });
        }
        List<String> codes = new ArrayList<>();
        Map<String, ApiField> responseFields = new TreeMap<>();
        Set<String> headers = new TreeSet<>();
        op.path("responses").fields().forEachRemaining(e -> {
            codes.add(e.getKey());
            JsonNode response = deref(e.getValue());
            response.path("headers").fieldNames().forEachRemaining(h -> headers.add(h.toLowerCase(Locale.ROOT)));
            if (e.getKey().startsWith("2")) {
                fields(swagger2 ? response.get("schema") : mediaSchema(response.path("content")), responseFields);
            }
        });
        codes.sort(null);
        List<String> callbacks = new ArrayList<>();
        op.path("callbacks").fieldNames().forEachRemaining(callbacks::add);
        callbacks.sort(null);
        return new ApiOperation(verb + " " + path, verb, path, text(op, "operationId"),
                op.path("deprecated").asBoolean(false), security, new ArrayList<>(parameters.values()),
                new ArrayList<>(requestFields.values()), new ArrayList<>(responseFields.values()), codes,
                extensionsOf(op), new ArrayList<>(headers), callbacks, new ArrayList<>(mediaTypes));
    }

    /** Swagger 2.0's {@code consumes} of the operation, else of the document, else what the parameter implies. */
    private void consumes(JsonNode op, Set<String> out, String implied) {
        JsonNode consumes = op.has("consumes") ? op.get("consumes") : root.get("consumes");
        if (consumes != null && consumes.isArray() && !consumes.isEmpty()) {
            consumes.forEach(c -> out.add(c.asText().toLowerCase(Locale.ROOT)));
        } else {
            out.add(implied);
        }
    }

    /**
     * The fields a body example shows that its schema does not (a body described only by an
     * example, or {@code type: object} without properties): typed from the example's values, so
     * that the rules read {@code {"url": "http://..."}} as a URL the server is given.
     */
    private static void exampleFields(JsonNode example, Map<String, ApiField> out) {
        boolean schemaHasFields = out.keySet().stream().anyMatch(path -> !path.equals(ROOT));
        if (example != null && example.isObject() && !schemaHasFields) {
            exampleFields(example, "", 0, out);
        }
    }

    private static void exampleFields(JsonNode example, String prefix, int depth, Map<String, ApiField> out) {
        if (depth > MAX_FIELD_DEPTH || out.size() >= MAX_FIELDS) {
            return;
        }
        if (example.isArray()) {
            if (!example.isEmpty()) {
                exampleFields(example.get(0), prefix + "[]", depth + 1, out);
            }
            return;
        }
        if (!example.isObject()) {
            return;
        }
        example.fields().forEachRemaining(e -> {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode value = e.getValue();
            if (!out.containsKey(path)) {
                String type = value.isObject() ? "object" : value.isArray() ? "array" : value.isBoolean() ? "boolean"
                        : value.isIntegralNumber() ? "integer" : value.isNumber() ? "number" : "string";
                out.put(path, new ApiField(path, type, null, false, false, false, null, null, false, null, null, false,
                        false, null, isUrl(value)));
            }
            exampleFields(value, path, depth + 1, out);
        });
    }

    /** An example value that is an absolute http(s) URL. */
    private static boolean isUrl(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return false;
        }
        String text = value.asText().trim().toLowerCase(Locale.ROOT);
        return (text.startsWith("http://") || text.startsWith("https://")) && text.length() > 10;
    }

    /** Whether the example ({@code example}, {@code x-example} or one of {@code examples}) of a parameter or schema is a URL. */
    private boolean hasUrlExample(JsonNode... nodes) {
        for (JsonNode node : nodes) {
            if (isUrl(node.get("example")) || isUrl(node.get("x-example"))) {
                return true;
            }
            for (JsonNode e : node.path("examples")) {
                if (isUrl(e.isObject() ? deref(e).get("value") : e)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The schema of the JSON media type of a content map (or of the first media type). */
    private static JsonNode mediaSchema(JsonNode content) {
        if (!content.isObject() || content.isEmpty()) {
            return null;
        }
        Iterator<Map.Entry<String, JsonNode>> media = content.fields();
        JsonNode first = null;
        while (media.hasNext()) {
            Map.Entry<String, JsonNode> entry = media.next();
            if (first == null) {
                first = entry.getValue();
            }
            if (entry.getKey().toLowerCase(Locale.ROOT).contains("json")) {
                return entry.getValue().get("schema");
            }
        }
        return first == null ? null : first.get("schema");
    }

    private void fields(JsonNode schema, Map<String, ApiField> out) {
        if (schema != null && schema.isObject()) {
            flatten(schema, "", false, new HashSet<>(), 0, out);
        }
    }

    private void flatten(JsonNode schema, String prefix, boolean required, Set<String> refsOnPath, int depth,
                         Map<String, ApiField> out) {
        if (schema == null || !schema.isObject() || depth > MAX_FIELD_DEPTH || out.size() >= MAX_FIELDS) {
            return;
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null && ref.isTextual()) {
            String pointer = ref.asText();
            if (!refsOnPath.add(pointer)) {
                return; // recursive schema: its fields are already listed above
            }
            try {
                flatten(deref(schema), prefix, required, refsOnPath, depth, out);
            } finally {
                refsOnPath.remove(pointer);
            }
            return;
        }
        String name = prefix.isEmpty() ? ROOT : prefix;
        out.putIfAbsent(name, fieldOf(name, schema, typeOf(schema), required));
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            schema.path(combinator).forEach(part -> flatten(part, prefix, false, refsOnPath, depth + 1, out));
        }
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            Set<String> requiredNames = new HashSet<>();
            schema.path("required").forEach(n -> requiredNames.add(n.asText()));
            properties.fields().forEachRemaining(p -> flatten(p.getValue(),
                    prefix.isEmpty() ? p.getKey() : prefix + "." + p.getKey(), requiredNames.contains(p.getKey()),
                    refsOnPath, depth + 1, out));
        }
        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
            flatten(items, prefix + "[]", false, refsOnPath, depth + 1, out);
        }
    }

    private static ApiField fieldOf(String path, JsonNode schema, String type, boolean required) {
        JsonNode additional = schema.get("additionalProperties");
        boolean open = "object".equals(type) && ((additional != null && (additional.isObject()
                || additional.asBoolean(false))) || (!schema.has("properties") && !schema.has("allOf")
                && !schema.has("oneOf") && !schema.has("anyOf") && !schema.has("$ref")));
        boolean urlExample = isUrl(schema.get("example")) || isUrl(schema.get("x-example"))
                || isUrl(schema.path("examples").path(0));
        return new ApiField(path, type, text(schema, "format"), required, schema.path("readOnly").asBoolean(false),
                schema.path("writeOnly").asBoolean(false), integer(schema, "maxLength"), text(schema, "pattern"), open,
                number(schema, "maximum"), integer(schema, "maxItems"),
                schema.has("enum") || schema.has("const") || "string".equals(type) && !closedInProse(schema).isEmpty(),
                "object".equals(type) && (isFalse(additional) || isFalse(schema.get("unevaluatedProperties"))),
                number(schema, "minimum"), urlExample);
    }

    /**
     * A closed set of values written in the description instead of an enum: {@code true or false},
     * {@code One of: all, closed or none} (Trello's 2017 spec describes some 250 of its inputs so).
     * Read as the enum it describes, so that such a switch is not reported as unbounded input.
     */
    private static final java.util.regex.Pattern PROSE_SET = java.util.regex.Pattern.compile(
            "(?i)^\\s*(?:(true|false) or (true|false)\\b|one of:\\s*([\\w-]+(?:\\s*,\\s*[\\w-]+)*\\s+or\\s+[\\w-]+)\\s*\\.?\\s*$)");

    /** The values {@code schema}'s description names as the only ones (above), or none. */
    private static List<String> closedInProse(JsonNode schema) {
        JsonNode description = schema.get("description");
        java.util.regex.Matcher m = description != null && description.isTextual()
                ? PROSE_SET.matcher(description.asText()) : null;
        if (m == null || !m.find()) {
            return List.of();
        }
        String values = m.group(3) == null ? m.group(1) + "," + m.group(2) : m.group(3);
        return java.util.Arrays.stream(values.split("\\s*,\\s*|\\s+or\\s+")).map(String::trim).sorted().toList();
    }

    private static boolean isFalse(JsonNode node) {
        return node != null && node.isBoolean() && !node.asBoolean();
    }

    private ApiParameter parameterOf(String name, String in, JsonNode p) {
        JsonNode schema = swagger2 ? p : deref(p.path("schema"));
        String type = typeOf(schema);
        JsonNode items = deref(schema.path("items"));
        boolean bounded = schema.has("maxLength") || schema.has("enum") || schema.has("maximum")
                || schema.has("maxItems") || schema.has("pattern") || "boolean".equals(type) || items.has("enum");
        List<String> enumValues = new ArrayList<>();
        schema.path("enum").forEach(v -> enumValues.add(v.asText()));
        if (enumValues.isEmpty() && "string".equals(type)) {
            List<String> described = closedInProse(p); // OpenAPI 3 describes the parameter, Swagger 2 its schema too
            enumValues.addAll(described.isEmpty() ? closedInProse(schema) : described);
            bounded |= !enumValues.isEmpty();
        }
        enumValues.sort(null);
        return new ApiParameter(name, in, p.path("required").asBoolean(false), type, text(schema, "format"),
                text(schema, "pattern"), integer(schema, "maxLength"), number(schema, "minimum"),
                number(schema, "maximum"), enumValues, bounded, hasUrlExample(p, schema));
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        if (type != null && type.isArray()) { // OpenAPI 3.1: ["string", "null"]
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        if (schema.has("properties")) {
            return "object";
        }
        return schema.has("items") ? "array" : null;
    }

    /** Follows internal references (a chain of them, up to a bound); anything else is returned as is. */
    private JsonNode deref(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; hops < 16 && current != null && current.isObject(); hops++) {
            JsonNode ref = current.get("$ref");
            if (ref == null || !ref.isTextual() || !ref.asText().startsWith("#")) {
                return current;
            }
            JsonNode target = root.at(RefBundler.pointerOf(ref.asText().substring(1)));
            if (target.isMissingNode()) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            current = target;
        }
        return current == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : current;
    }

    private static List<SecurityRequirement> requirementsOf(JsonNode list) {
        List<SecurityRequirement> result = new ArrayList<>();
        if (list == null || !list.isArray()) {
            return result;
        }
        for (JsonNode requirement : list) {
            Map<String, List<String>> schemes = new TreeMap<>();
            requirement.fields().forEachRemaining(e -> {
                List<String> scopes = new ArrayList<>();
                e.getValue().forEach(s -> scopes.add(s.asText()));
                scopes.sort(null);
                schemes.put(e.getKey(), scopes);
            });
            result.add(new SecurityRequirement(schemes));
        }
        return result;
    }

    private static Map<String, String> extensionsOf(JsonNode op) {
        Map<String, String> result = new LinkedHashMap<>();
        op.fields().forEachRemaining(e -> {
            String lower = e.getKey().toLowerCase(Locale.ROOT);
            if (!lower.startsWith("x-")) {
                return;
            }
            if (UPSTREAM_HINTS.stream().anyMatch(lower::contains)) {
                String url = firstUrl(e.getValue(), 0);
                if (url != null) {
                    result.put(e.getKey(), url.length() > 200 ? url.substring(0, 200) : url);
                }
            } else if (EXTENSION_HINTS.stream().anyMatch(lower::contains)) {
                String text = e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString();
                result.put(e.getKey(), text.length() > 200 ? text.substring(0, 200) : text);
            }
        });
        return result;
    }

    /** The first http(s) URL among a value's strings ({@code x-amazon-apigateway-integration.uri}). */
    private static String firstUrl(JsonNode value, int depth) {
        if (isUrl(value)) {
            return value.asText().trim();
        }
        if (value.isContainerNode() && depth < 4) {
            for (JsonNode child : value) {
                String url = firstUrl(child, depth + 1);
                if (url != null) {
                    return url;
                }
            }
        }
        return null;
    }

    private static ApiServer serverOf(String url) {
        try {
            URI uri = URI.create(url.replaceAll("\\{[^}]*}", "var").replace(" ", "%20"));
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            return new ApiServer(url, scheme, uri.getHost(),
                    uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath());
        } catch (IllegalArgumentException e) {
            return new ApiServer(url, null, null, null);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? value.intValue() : null;
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? value.doubleValue() : null;
    }

    /** {@code /users/{userId}/} and {@code /users/{id}} are the same operation: {@code /users/{}}. */
    static String normalizePath(String raw) {
        String path = raw.replaceAll("\\{[^}/]*}", "{}");
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }
}
