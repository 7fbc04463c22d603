package io.threatloop.analysis.spec;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.servers.Server;
import io.threatloop.contracts.surface.ApiField;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiParameter;
import io.threatloop.contracts.surface.ApiServer;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityRequirement;
import io.threatloop.contracts.surface.SecurityScheme;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Turns a parsed OpenAPI model into the normalized {@link ApiSurface}. */
final class SurfaceExtractor {

    static final int MAX_FIELD_DEPTH = 12;
    static final int MAX_FIELDS = 1_000;
    /** The body itself, so that a change of the whole body (e.g. it now accepts any property) shows. */
    static final String ROOT = "$";

    private static final List<String> EXTENSION_HINTS = List.of("rate", "limit", "throttl", "quota", "owner", "team");

    private final OpenAPI api;

    private SurfaceExtractor(OpenAPI api) {
        this.api = api;
    }

    static ApiSurface extract(OpenAPI api, String format) {
        return new SurfaceExtractor(api).surface(format);
    }

    private ApiSurface surface(String format) {
        List<ApiServer> servers = api.getServers() == null ? List.of()
                : api.getServers().stream().map(SurfaceExtractor::serverOf)
                .sorted(Comparator.comparing(ApiServer::url)).distinct().toList();
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
                if (item == null) {
                    return;
                }
                item.readOperationsMap().forEach((method, op) -> {
                    ApiOperation operation = operationOf(rawPath, method, item, op, global);
                    operations.putIfAbsent(operation.id(), operation);
                });
            });
        }
        String title = api.getInfo() == null ? null : api.getInfo().getTitle();
        String version = api.getInfo() == null ? null : api.getInfo().getVersion();
        return new ApiSurface(title, version, format, servers, schemes, new ArrayList<>(operations.values()));
    }

    private ApiOperation operationOf(String rawPath, PathItem.HttpMethod method, PathItem item, Operation op,
                                     List<SecurityRequirement> global) {
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
            Parameter resolved = resolve(parameter);
            if (resolved != null && resolved.getName() != null) {
                ApiParameter p = parameterOf(resolved);
                parameters.put(p.key(), p);
            }
        }
        List<ApiField> requestFields = fieldsOf(requestContent(op.getRequestBody()));
        List<String> codes = new ArrayList<>();
        Map<String, ApiField> responseFields = new TreeMap<>();
        if (op.getResponses() != null) {
            op.getResponses().forEach((code, response) -> {
                codes.add(code);
                ApiResponse resolved = resolve(response);
                if (code.startsWith("2") && resolved != null) {
                    fieldsOf(resolved.getContent()).forEach(f -> responseFields.putIfAbsent(f.path(), f));
                }
            });
        }
        codes.sort(null);
        return new ApiOperation(verb + " " + path, verb, path, op.getOperationId(),
                Boolean.TRUE.equals(op.getDeprecated()), security, new ArrayList<>(parameters.values()),
                requestFields, new ArrayList<>(responseFields.values()), codes, extensionsOf(op.getExtensions()));
    }

    private Content requestContent(RequestBody body) {
        if (body == null) {
            return null;
        }
        if (body.get$ref() != null && api.getComponents() != null && api.getComponents().getRequestBodies() != null) {
            body = api.getComponents().getRequestBodies().get(refName(body.get$ref()));
        }
        return body == null ? null : body.getContent();
    }

    private List<ApiField> fieldsOf(Content content) {
        if (content == null || content.isEmpty()) {
            return List.of();
        }
        MediaType media = content.entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).contains("json"))
                .map(Map.Entry::getValue).findFirst()
                .orElse(content.values().iterator().next());
        if (media == null || media.getSchema() == null) {
            return List.of();
        }
        Map<String, ApiField> fields = new LinkedHashMap<>();
        flatten(media.getSchema(), "", false, new HashSet<>(), 0, fields);
        return fields.values().stream().sorted(Comparator.comparing(ApiField::path)).toList();
    }

    private void flatten(Schema<?> schema, String prefix, boolean required, Set<String> refsOnPath, int depth,
                         Map<String, ApiField> out) {
        if (schema == null || depth > MAX_FIELD_DEPTH || out.size() >= MAX_FIELDS) {
            return;
        }
        String ref = schema.get$ref();
        if (ref != null) {
            if (!refsOnPath.add(ref)) {
                return; // recursive schema: its fields are already listed above
            }
            try {
                flatten(schemaByRef(ref), prefix, required, refsOnPath, depth, out);
            } finally {
                refsOnPath.remove(ref);
            }
            return;
        }
        String type = typeOf(schema);
        out.putIfAbsent(prefix.isEmpty() ? ROOT : prefix, fieldOf(prefix.isEmpty() ? ROOT : prefix, schema, type, required));
        for (List<Schema> parts : partsOf(schema)) {
            for (Schema<?> part : parts) {
                flatten(part, prefix, false, refsOnPath, depth + 1, out);
            }
        }
        if (schema.getProperties() != null) {
            Set<String> requiredNames = schema.getRequired() == null ? Set.of() : new HashSet<>(schema.getRequired());
            schema.getProperties().forEach((name, property) -> flatten(property,
                    prefix.isEmpty() ? name : prefix + "." + name, requiredNames.contains(name), refsOnPath,
                    depth + 1, out));
        }
        if (schema.getItems() != null) {
            flatten(schema.getItems(), prefix + "[]", false, refsOnPath, depth + 1, out);
        }
    }

    @SuppressWarnings("rawtypes")
    private static List<List<Schema>> partsOf(Schema<?> schema) {
        List<List<Schema>> parts = new ArrayList<>();
        if (schema.getAllOf() != null) {
            parts.add(schema.getAllOf());
        }
        if (schema.getOneOf() != null) {
            parts.add(schema.getOneOf());
        }
        if (schema.getAnyOf() != null) {
            parts.add(schema.getAnyOf());
        }
        return parts;
    }

    private static ApiField fieldOf(String path, Schema<?> schema, String type, boolean required) {
        Object additional = schema.getAdditionalProperties();
        boolean open = "object".equals(type) && (Boolean.TRUE.equals(additional) || additional instanceof Schema
                || (schema.getProperties() == null && schema.getAllOf() == null && schema.getOneOf() == null
                && schema.getAnyOf() == null));
        return new ApiField(path, type, schema.getFormat(), required, Boolean.TRUE.equals(schema.getReadOnly()),
                Boolean.TRUE.equals(schema.getWriteOnly()), schema.getMaxLength(), schema.getPattern(), open);
    }

    private static String typeOf(Schema<?> schema) {
        String type = schema.getType();
        if (type == null && schema.getTypes() != null) {
            type = schema.getTypes().stream().filter(t -> !"null".equals(t)).findFirst().orElse(null);
        }
        if (type == null && schema.getProperties() != null) {
            type = "object";
        }
        if (type == null && schema.getItems() != null) {
            type = "array";
        }
        return type;
    }

    private Schema<?> schemaByRef(String ref) {
        if (!ref.startsWith("#/components/schemas/") || api.getComponents() == null
                || api.getComponents().getSchemas() == null) {
            return null;
        }
        return api.getComponents().getSchemas().get(refName(ref));
    }

    private Parameter resolve(Parameter parameter) {
        if (parameter.get$ref() == null) {
            return parameter;
        }
        if (api.getComponents() == null || api.getComponents().getParameters() == null) {
            return null;
        }
        return api.getComponents().getParameters().get(refName(parameter.get$ref()));
    }

    private ApiResponse resolve(ApiResponse response) {
        if (response == null || response.get$ref() == null) {
            return response;
        }
        if (api.getComponents() == null || api.getComponents().getResponses() == null) {
            return null;
        }
        return api.getComponents().getResponses().get(refName(response.get$ref()));
    }

    private ApiParameter parameterOf(Parameter p) {
        Schema<?> schema = p.getSchema();
        if (schema != null && schema.get$ref() != null) {
            Schema<?> resolved = schemaByRef(schema.get$ref());
            schema = resolved == null ? schema : resolved;
        }
        String type = schema == null ? null : typeOf(schema);
        Schema<?> items = schema == null ? null : schema.getItems();
        boolean bounded = schema != null && (schema.getMaxLength() != null || schema.getEnum() != null
                || schema.getMaximum() != null || schema.getMaxItems() != null || schema.getPattern() != null
                || "boolean".equals(type) || (items != null && items.getEnum() != null));
        List<String> enumValues = schema == null || schema.getEnum() == null ? List.of()
                : schema.getEnum().stream().map(String::valueOf).sorted().toList();
        return new ApiParameter(p.getName(), p.getIn(), Boolean.TRUE.equals(p.getRequired()), type,
                schema == null ? null : schema.getFormat(), schema == null ? null : schema.getPattern(),
                schema == null ? null : schema.getMaxLength(),
                schema == null ? null : number(schema.getMinimum()), schema == null ? null : number(schema.getMaximum()),
                enumValues, bounded);
    }

    private static Double number(BigDecimal value) {
        return value == null ? null : value.doubleValue();
    }

    private static List<SecurityRequirement> requirementsOf(List<io.swagger.v3.oas.models.security.SecurityRequirement> list) {
        if (list == null) {
            return List.of();
        }
        List<SecurityRequirement> result = new ArrayList<>();
        for (io.swagger.v3.oas.models.security.SecurityRequirement requirement : list) {
            Map<String, List<String>> schemes = new TreeMap<>();
            requirement.forEach((name, scopes) -> schemes.put(name, scopes == null ? List.of()
                    : scopes.stream().sorted().toList()));
            result.add(new SecurityRequirement(schemes));
        }
        return result;
    }

    private static Map<String, String> extensionsOf(Map<String, Object> extensions) {
        Map<String, String> result = new TreeMap<>();
        if (extensions != null) {
            extensions.forEach((name, value) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (EXTENSION_HINTS.stream().anyMatch(lower::contains)) {
                    String text = String.valueOf(value);
                    result.put(name, text.length() > 200 ? text.substring(0, 200) : text);
                }
            });
        }
        return result;
    }

    private static ApiServer serverOf(Server server) {
        String url = server.getUrl() == null ? "/" : server.getUrl();
        try {
            URI uri = URI.create(url.replaceAll("\\{[^}]*}", "var").replace(" ", "%20"));
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            return new ApiServer(url, scheme, uri.getHost(),
                    uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath());
        } catch (IllegalArgumentException e) {
            return new ApiServer(url, null, null, null);
        }
    }

    private static String refName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
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
