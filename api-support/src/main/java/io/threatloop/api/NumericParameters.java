package io.threatloop.api;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A number parameter that does not parse ({@code ?page=abc}, {@code ?size=1e3}, a value beyond
 * the type) answers 400 naming the parameter, in every service. JAX-RS answers such a query or
 * path parameter with a bare 404, which reads as "no such resource" and names nothing.
 */
public class NumericParameters {

    private record Declared(String name, boolean query, boolean whole, boolean wide) {
    }

    private final Map<Method, List<Declared>> declared = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public Optional<Response> refuseUnparseable(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return Optional.empty();
        }
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
        for (Declared parameter : declared.computeIfAbsent(method, NumericParameters::numbersOf)) {
            List<String> values = (parameter.query() ? query : path).get(parameter.name());
            for (String value : values == null ? List.<String>of() : values) {
                Optional<String> problem = problem(parameter, value);
                if (problem.isPresent()) {
                    return Optional.of(ProblemMappers.respond(Problem.invalid(parameter.name(),
                            (parameter.query() ? "query" : "path") + " parameter " + parameter.name() + " "
                                    + problem.get())));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problem(Declared parameter, String value) {
        try {
            if (parameter.whole()) {
                long number = Long.parseLong(value.strip());
                if (!parameter.wide() && (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE)) {
                    return Optional.of("is out of range (at most " + Integer.MAX_VALUE + ")");
                }
            } else {
                Double.parseDouble(value.strip());
            }
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of("must be a " + (parameter.whole() ? "whole number" : "number") + ", not '"
                    + (value.length() <= 20 ? value : value.substring(0, 20) + "…") + "'");
        }
    }

    private static List<Declared> numbersOf(Method method) {
        List<Declared> numbers = new ArrayList<>();
        Class<?>[] types = method.getParameterTypes();
        Annotation[][] annotations = method.getParameterAnnotations();
        for (int i = 0; i < types.length; i++) {
            Class<?> type = types[i];
            boolean whole = type == int.class || type == Integer.class || type == long.class || type == Long.class
                    || type == short.class || type == Short.class;
            boolean decimal = type == double.class || type == Double.class || type == float.class || type == Float.class;
            if (!whole && !decimal) {
                continue;
            }
            boolean wide = type == long.class || type == Long.class;
            for (Annotation annotation : annotations[i]) {
                if (annotation instanceof QueryParam queryParam) {
                    numbers.add(new Declared(queryParam.value(), true, whole, wide));
                } else if (annotation instanceof PathParam pathParam) {
                    numbers.add(new Declared(pathParam.value(), false, whole, wide));
                }
            }
        }
        return List.copyOf(numbers);
    }
}
