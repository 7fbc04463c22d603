package io.threatloop.contracts.surface;

import java.util.List;

/**
 * One operation. {@code id} is {@code METHOD normalized-path} where every path parameter is
 * written {@code {}}, so {@code /users/{id}} and {@code /users/{userId}} are one operation.
 *
 * @param security the alternatives that satisfy the operation (OR of ANDs); empty means the
 *                 operation needs no authentication at all
 */
public record ApiOperation(
        String id,
        String method,
        String path,
        String operationId,
        boolean deprecated,
        List<SecurityRequirement> security,
        List<ApiParameter> parameters) {

    public ApiOperation {
        security = List.copyOf(security);
        parameters = List.copyOf(parameters);
    }

    public boolean requiresAuthentication() {
        return !security.isEmpty() && security.stream().noneMatch(SecurityRequirement::anonymous);
    }
}
