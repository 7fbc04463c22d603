package io.threatloop.api;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Declares in every service's OpenAPI document what {@link RateLimit} and {@link StrictJson}
 * enforce on every API, so that a client, and threatloop's own analysis of itself, can read it:
 * each operation answers 429 with {@code Retry-After} beyond its caller's budget, and a JSON
 * request body takes only the properties its schema lists. Named in each service's
 * {@code mp.openapi.filter}, run at build time.
 */
public class DeclaredLimits implements OASFilter {

    private static final Set<PathItem.HttpMethod> WRITES = Set.of(PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT,
            PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);
    private static final String COMPONENT_SCHEMA = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Map<String, Schema> components = openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null
                ? Map.of() : openAPI.getComponents().getSchemas();
        Set<Schema> closed = new HashSet<>();
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().forEach((method, operation) -> {
            boolean write = WRITES.contains(method);
            declareRateLimit(operation, write);
            if (write) {
                jsonBody(operation).ifPresent(schema -> close(schema, components, closed));
            }
        }));
    }

    private static void declareRateLimit(Operation operation, boolean write) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        if (operation.getResponses().hasAPIResponse("429")) {
            return;
        }
        operation.getResponses().addAPIResponse("429", OASFactory.createAPIResponse()
                .description(write
                        ? "Too many writes from this caller: at most threatloop.api.writes-per-minute (300 by"
                                + " default) a minute per user, or per address without a token"
                        : "Too many reads from this caller: at most threatloop.api.reads-per-minute (1200 by"
                                + " default) a minute per user, or per address without a token")
                .addHeader("Retry-After", OASFactory.createHeader()
                        .description("Seconds to wait before the next write")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(
                                java.math.BigDecimal.ONE)))
                .content(OASFactory.createContent().addMediaType("application/problem+json",
                        OASFactory.createMediaType())));
    }

    private static java.util.Optional<Schema> jsonBody(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null
                || operation.getRequestBody().getContent().getMediaTypes() == null) {
            return java.util.Optional.empty();
        }
        MediaType json = operation.getRequestBody().getContent().getMediaTypes().get("application/json");
        return json == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(json.getSchema());
    }

    /** An object schema and the objects inside it take no properties beyond the ones they list. */
    private static void close(Schema schema, Map<String, Schema> components, Set<Schema> closed) {
        if (schema == null || !closed.add(schema)) {
            return;
        }
        if (schema.getRef() != null && schema.getRef().startsWith(COMPONENT_SCHEMA)) {
            close(components.get(schema.getRef().substring(COMPONENT_SCHEMA.length())), components, closed);
            return;
        }
        if (schema.getProperties() != null && !schema.getProperties().isEmpty()
                && schema.getAdditionalPropertiesSchema() == null && schema.getAdditionalPropertiesBoolean() == null) {
            schema.setAdditionalPropertiesBoolean(false);
            schema.getProperties().values().forEach(property -> close(property, components, closed));
        }
        close(schema.getItems(), components, closed);
        if (schema.getAllOf() != null) {
            schema.getAllOf().forEach(part -> close(part, components, closed));
        }
    }
}
