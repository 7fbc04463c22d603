package io.threatloop.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Path and query parameters that cannot be stored or looked up ({@code %00}, a lone surrogate)
 * answer 400 naming the parameter, in every service, before a resource passes them to
 * PostgreSQL (which would fail with a 500).
 */
public class StorableParameters {

    @ServerRequestFilter
    public Optional<Response> refuseUnstorable(ContainerRequestContext request) {
        return problem(request.getUriInfo().getPathParameters(), "path parameter")
                .or(() -> problem(request.getUriInfo().getQueryParameters(), "query parameter"))
                .map(ProblemMappers::respond);
    }

    private static Optional<Problem> problem(MultivaluedMap<String, String> parameters, String kind) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                String problem = StrictJson.unstorable(value);
                if (problem != null) {
                    return Optional.of(Problem.invalid(parameter.getKey(), kind + " " + parameter.getKey() + " " + problem));
                }
            }
        }
        return Optional.empty();
    }
}
