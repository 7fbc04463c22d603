package io.threatloop.analysis.spec;

import io.threatloop.contracts.surface.ApiField;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiParameter;
import io.threatloop.contracts.surface.ApiServer;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityScheme;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written digest must see every component of the surface records (bar title and version). */
class SurfaceDigestTest {

    private static final ApiField FIELD = new ApiField("a.b", "string", "email", false, false, false, 10, "^x$", false,
            5.0, 3, true, false, 1.0, false);
    private static final ApiParameter PARAMETER = new ApiParameter("id", "path", true, "string", "uuid", "^x$", 36,
            1.0, 9.0, List.of("a"), true, false);
    private static final ApiServer SERVER = new ApiServer("https://a/v1", "https", "a", "/v1");
    private static final SecurityScheme SCHEME = new SecurityScheme("http", "bearer", null, "JWT", "Authorization",
            List.of("implicit"), Map.of("implicit.authorizationUrl", "https://auth/a"));

    private static ApiSurface surface(ApiServer server, SecurityScheme scheme, ApiParameter parameter, ApiField field) {
        ApiOperation op = new ApiOperation("GET /a/{}", "GET", "/a/{}", "getA", false, List.of(), List.of(parameter),
                List.of(field), List.of(field), List.of("200"), Map.of("x-rate-limit", "10"));
        return new ApiSurface("title", "1", "openapi-3.0.3", List.of(server), Map.of("bearer", scheme), List.of(op));
    }

    @Test
    void everyComponentOfTheLeafRecordsChangesTheDigest() throws Exception {
        String base = SurfaceDigest.of(surface(SERVER, SCHEME, PARAMETER, FIELD));
        check(base, FIELD, f -> surface(SERVER, SCHEME, PARAMETER, f));
        check(base, PARAMETER, p -> surface(SERVER, SCHEME, p, FIELD));
        check(base, SERVER, s -> surface(s, SCHEME, PARAMETER, FIELD));
        check(base, SCHEME, s -> surface(SERVER, s, PARAMETER, FIELD));
    }

    @Test
    void titleAndVersionDoNotChangeTheDigest() {
        ApiSurface surface = surface(SERVER, SCHEME, PARAMETER, FIELD);
        ApiSurface renamed = new ApiSurface("other", "2", surface.specFormat(), surface.servers(),
                surface.securitySchemes(), surface.operations());
        assertThat(SurfaceDigest.of(renamed)).isEqualTo(SurfaceDigest.of(surface));
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> void check(String base, R sample, Function<R, ApiSurface> wrap) throws Exception {
        RecordComponent[] components = sample.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            List<Object> values = new ArrayList<>();
            Class<?>[] types = new Class<?>[components.length];
            for (int j = 0; j < components.length; j++) {
                Object value = components[j].getAccessor().invoke(sample);
                values.add(j == i ? changed(value) : value);
                types[j] = components[j].getType();
            }
            R mutated = (R) sample.getClass().getDeclaredConstructor(types).newInstance(values.toArray());
            assertThat(SurfaceDigest.of(wrap.apply(mutated)))
                    .as("%s.%s must be part of the digest", sample.getClass().getSimpleName(), components[i].getName())
                    .isNotEqualTo(base);
        }
    }

    private static Object changed(Object value) {
        if (value == null) {
            return "set";
        }
        if (value instanceof String s) {
            return s + "x";
        }
        if (value instanceof Boolean b) {
            return !b;
        }
        if (value instanceof Integer n) {
            return n + 1;
        }
        if (value instanceof Double d) {
            return d + 1;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list);
            copy.add("x");
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new java.util.HashMap<>(map);
            copy.put("x", "y");
            return copy;
        }
        throw new IllegalArgumentException("no change for " + value);
    }
}
