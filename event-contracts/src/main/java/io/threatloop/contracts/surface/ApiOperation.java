package io.threatloop.contracts.surface;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * One operation. {@code id} is {@code METHOD normalized-path} where every path parameter is
 * written {@code {}}, so {@code /users/{id}} and {@code /users/{userId}} are one operation.
 *
 * @param security       the alternatives that satisfy the operation (OR of ANDs); empty means
 *                       the operation needs no authentication at all
 * @param requestFields  fields of the JSON request body, flattened
 * @param responseFields fields of the successful (2xx) JSON responses, flattened
 * @param responseCodes  the declared response status codes
 * @param extensions     the x- extensions of the operation that threatloop reads (rate limits,
 *                       ownership), as text
 * @param responseHeaders the headers its responses declare, lower case (rate-limit headers)
 * @param callbacks      the names of its OpenAPI callbacks: requests the API sends to a URL the
 *                       client supplies
 * @param requestMediaTypes the media types its request body accepts, lower case
 *                       ({@code application/xml}, {@code multipart/form-data}); Swagger 2.0's
 *                       {@code consumes} when it has a body or form data
 */
public record ApiOperation(
        String id,
        String method,
        String path,
        String operationId,
        boolean deprecated,
        List<SecurityRequirement> security,
        List<ApiParameter> parameters,
        List<ApiField> requestFields,
        List<ApiField> responseFields,
        List<String> responseCodes,
        Map<String, String> extensions,
        List<String> responseHeaders,
        List<String> callbacks,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> requestMediaTypes) {

    public ApiOperation {
        security = List.copyOf(security);
        parameters = List.copyOf(parameters);
        requestFields = requestFields == null ? List.of() : List.copyOf(requestFields);
        responseFields = responseFields == null ? List.of() : List.copyOf(responseFields);
        responseCodes = responseCodes == null ? List.of() : List.copyOf(responseCodes);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
        responseHeaders = responseHeaders == null ? List.of() : List.copyOf(responseHeaders);
        callbacks = callbacks == null ? List.of() : List.copyOf(callbacks);
        requestMediaTypes = requestMediaTypes == null ? List.of() : List.copyOf(requestMediaTypes);
    }

    /** An operation whose request media types are not known. */
    public ApiOperation(String id, String method, String path, String operationId, boolean deprecated,
                        List<SecurityRequirement> security, List<ApiParameter> parameters, List<ApiField> requestFields,
                        List<ApiField> responseFields, List<String> responseCodes, Map<String, String> extensions,
                        List<String> responseHeaders, List<String> callbacks) {
        this(id, method, path, operationId, deprecated, security, parameters, requestFields, responseFields,
                responseCodes, extensions, responseHeaders, callbacks, List.of());
    }

    /** An operation without declared response headers or callbacks. */
    public ApiOperation(String id, String method, String path, String operationId, boolean deprecated,
                        List<SecurityRequirement> security, List<ApiParameter> parameters, List<ApiField> requestFields,
                        List<ApiField> responseFields, List<String> responseCodes, Map<String, String> extensions) {
        this(id, method, path, operationId, deprecated, security, parameters, requestFields, responseFields,
                responseCodes, extensions, List.of(), List.of(), List.of());
    }

    /** An operation with only the parts the walking skeleton needed; bodies and codes empty. */
    public ApiOperation(String id, String method, String path, String operationId, boolean deprecated,
                        List<SecurityRequirement> security, List<ApiParameter> parameters) {
        this(id, method, path, operationId, deprecated, security, parameters, List.of(), List.of(), List.of(), Map.of(),
                List.of(), List.of(), List.of());
    }

    public boolean requiresAuthentication() {
        return !security.isEmpty() && security.stream().noneMatch(SecurityRequirement::anonymous);
    }
}
