package io.threatloop.analysis.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiParameter;
import io.threatloop.contracts.surface.ApiServer;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityRequirement;
import io.threatloop.contracts.surface.SecurityScheme;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an OpenAPI 3.x or Swagger 2.0 document (YAML or JSON) into an {@link ApiSurface}.
 * <p>
 * Security: nothing outside the document is ever fetched. External {@code $ref}s are cut out
 * of the tree before the parser sees it (and named in the findings), and the parser runs with
 * reference resolution off, so a spec cannot make the scanner call a URL or read a file.
 */
public final class SpecNormalizer {

    /** Larger documents are refused rather than risking the scanner's memory. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Map order is not stable across JVMs; the digest must be. */
    private static final ObjectMapper CANONICAL = EventCodec.mapper().copy()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final List<PathItem.HttpMethod> METHODS = List.of(PathItem.HttpMethod.values());

    public NormalizedSpec normalize(String path, byte[] content) throws SpecException {
        if (content.length > MAX_BYTES) {
            throw new SpecException("spec is " + content.length + " bytes, above the limit of " + MAX_BYTES, path);
        }
        String text = decodeUtf8(path, content);
        JsonNode tree = readTree(path, text);
        List<String> findings = new ArrayList<>();
        cutExternalRefs(tree, "#", findings);
        OpenAPI api = parse(path, tree);
        ApiSurface surface = surfaceOf(api, tree.has("swagger") ? "swagger-2.0" : "openapi-" + api.getOpenapi());
        return new NormalizedSpec(path, surface, digest(surface), findings);
    }

    private static String decodeUtf8(String path, byte[] content) throws SpecException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new SpecException("not UTF-8 text (binary file or another encoding)", path);
        }
    }

    private static JsonNode readTree(String path, String text) throws SpecException {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                // SnakeYAML's own problem and mark are precise; Jackson's message repeats them over lines
                String context = yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")";
                throw new SpecException("invalid YAML/JSON: " + yaml.getProblem() + context,
                        path + ":" + (yaml.getProblemMark().getLine() + 1) + ":" + (yaml.getProblemMark().getColumn() + 1));
            }
            JsonLocation at = e.getLocation();
            String location = at == null ? path : path + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new SpecException("invalid YAML/JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""),
                    location);
        }
        if (tree == null || !tree.isObject()) {
            throw new SpecException("not an OpenAPI or Swagger document: the top level is not a mapping", path);
        }
        if (!tree.has("openapi") && !tree.has("swagger")) {
            throw new SpecException("not an OpenAPI or Swagger document: no 'openapi' or 'swagger' field", path);
        }
        return tree;
    }

    private static void cutExternalRefs(JsonNode node, String pointer, List<String> findings) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && !ref.asText().startsWith("#")) {
                findings.add("external $ref not followed at " + pointer + ": " + ref.asText());
                ((ObjectNode) node).remove("$ref");
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                cutExternalRefs(field.getValue(), pointer + "/" + field.getKey(), findings);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                cutExternalRefs(node.get(i), pointer + "/" + i, findings);
            }
        }
    }

    private static OpenAPI parse(String path, JsonNode tree) throws SpecException {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        options.setResolveFully(false);
        options.setValidateExternalRefs(false);
        SwaggerParseResult result;
        try {
            result = new OpenAPIParser().readContents(YAML.writeValueAsString(tree), null, options);
        } catch (RuntimeException | JsonProcessingException e) {
            throw new SpecException("unreadable API description: " + e.getMessage(), path);
        }
        if (result == null || result.getOpenAPI() == null) {
            List<String> messages = result == null || result.getMessages() == null ? List.of() : result.getMessages();
            throw new SpecException("not a valid API description: " + String.join("; ", messages), path);
        }
        return result.getOpenAPI();
    }

    private static ApiSurface surfaceOf(OpenAPI api, String format) {
        List<ApiServer> servers = api.getServers() == null ? List.of()
                : api.getServers().stream().map(SpecNormalizer::serverOf)
                .sorted(Comparator.comparing(ApiServer::url)).toList();
        Map<String, SecurityScheme> schemes = new TreeMap<>();
        if (api.getComponents() != null && api.getComponents().getSecuritySchemes() != null) {
            api.getComponents().getSecuritySchemes().forEach((name, s) -> schemes.put(name, new SecurityScheme(
                    s.getType() == null ? null : s.getType().toString(),
                    s.getScheme() == null ? null : s.getScheme().toLowerCase(Locale.ROOT),
                    s.getIn() == null ? null : s.getIn().toString(),
                    s.getBearerFormat())));
        }
        List<SecurityRequirement> global = requirementsOf(api.getSecurity());
        Map<String, ApiOperation> operations = new TreeMap<>();
        if (api.getPaths() != null) {
            api.getPaths().forEach((rawPath, item) -> {
                Map<PathItem.HttpMethod, Operation> byMethod = item.readOperationsMap();
                for (PathItem.HttpMethod method : METHODS) {
                    Operation op = byMethod.get(method);
                    if (op != null) {
                        ApiOperation operation = operationOf(api, rawPath, method, item, op, global);
                        operations.putIfAbsent(operation.id(), operation);
                    }
                }
            });
        }
        String title = api.getInfo() == null ? null : api.getInfo().getTitle();
        String version = api.getInfo() == null ? null : api.getInfo().getVersion();
        return new ApiSurface(title, version, format, servers, schemes, new ArrayList<>(operations.values()));
    }

    private static ApiOperation operationOf(OpenAPI api, String rawPath, PathItem.HttpMethod method, PathItem item,
                                            Operation op, List<SecurityRequirement> global) {
        String path = normalizePath(rawPath);
        String verb = method.name();
        List<SecurityRequirement> security = op.getSecurity() != null ? requirementsOf(op.getSecurity()) : global;
        Map<String, ApiParameter> parameters = new TreeMap<>();
        List<Parameter> declared = new ArrayList<>();
        if (item.getParameters() != null) {
            declared.addAll(item.getParameters());
        }
        if (op.getParameters() != null) {
            declared.addAll(op.getParameters());
        }
        for (Parameter parameter : declared) {
            Parameter resolved = resolve(api, parameter);
            if (resolved != null && resolved.getName() != null) {
                ApiParameter p = parameterOf(resolved);
                parameters.put(p.in() + ":" + p.name(), p);
            }
        }
        return new ApiOperation(verb + " " + path, verb, path, op.getOperationId(),
                Boolean.TRUE.equals(op.getDeprecated()), security, new ArrayList<>(parameters.values()));
    }

    private static Parameter resolve(OpenAPI api, Parameter parameter) {
        String ref = parameter.get$ref();
        if (ref == null) {
            return parameter;
        }
        String name = ref.substring(ref.lastIndexOf('/') + 1);
        if (api.getComponents() == null || api.getComponents().getParameters() == null) {
            return null;
        }
        return api.getComponents().getParameters().get(name);
    }

    private static ApiParameter parameterOf(Parameter p) {
        Schema<?> schema = p.getSchema();
        String type = schema == null ? null : schema.getType();
        if (type == null && schema != null && schema.getTypes() != null && !schema.getTypes().isEmpty()) {
            type = schema.getTypes().iterator().next();
        }
        boolean bounded = schema != null && (schema.getMaxLength() != null || schema.getEnum() != null
                || schema.getMaximum() != null || schema.getMaxItems() != null || schema.getPattern() != null
                || "boolean".equals(type));
        return new ApiParameter(p.getName(), p.getIn(), Boolean.TRUE.equals(p.getRequired()), type,
                schema == null ? null : schema.getFormat(), schema == null ? null : schema.getPattern(),
                schema == null ? null : schema.getMaxLength(), bounded);
    }

    private static List<SecurityRequirement> requirementsOf(List<io.swagger.v3.oas.models.security.SecurityRequirement> list) {
        if (list == null) {
            return List.of();
        }
        List<SecurityRequirement> result = new ArrayList<>();
        for (io.swagger.v3.oas.models.security.SecurityRequirement requirement : list) {
            Map<String, List<String>> schemes = new LinkedHashMap<>();
            requirement.forEach((name, scopes) -> schemes.put(name, scopes == null ? List.of() : List.copyOf(scopes)));
            result.add(new SecurityRequirement(schemes));
        }
        return result;
    }

    private static ApiServer serverOf(Server server) {
        String url = server.getUrl() == null ? "/" : server.getUrl();
        try {
            URI uri = URI.create(url.replaceAll("\\{[^}]*}", "var"));
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            return new ApiServer(url, scheme, uri.getHost(), uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath());
        } catch (IllegalArgumentException e) {
            return new ApiServer(url, null, null, null);
        }
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

    private static String digest(ApiSurface surface) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(surface);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
