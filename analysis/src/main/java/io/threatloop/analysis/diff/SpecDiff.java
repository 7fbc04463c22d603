package io.threatloop.analysis.diff;

import io.threatloop.analysis.data.SensitiveData;
import io.threatloop.analysis.threats.Scopes;
import io.threatloop.contracts.surface.ApiField;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiParameter;
import io.threatloop.contracts.surface.ApiServer;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityRequirement;
import io.threatloop.contracts.surface.SecurityScheme;
import io.threatloop.contracts.surface.SurfaceChange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The security-aware semantic diff of two surfaces of one spec: what changed in operations,
 * security, parameters, bodies and servers, each change classified (security-relevant,
 * breaking, informational). Pure and deterministic: same inputs, same list, same order.
 */
public final class SpecDiff {

    private final ApiSurface before;
    private final ApiSurface after;
    private final List<SurfaceChange> changes = new ArrayList<>();

    private SpecDiff(ApiSurface before, ApiSurface after) {
        this.before = before;
        this.after = after;
    }

    public static List<SurfaceChange> between(ApiSurface before, ApiSurface after) {
        SpecDiff diff = new SpecDiff(before, after);
        diff.servers();
        diff.securitySchemes();
        diff.operations();
        return List.copyOf(diff.changes);
    }

    private void add(String kind, String target, boolean breaking, boolean security, String description) {
        changes.add(SurfaceChange.of(kind, target, breaking, security, description));
    }

    private void servers() {
        Map<String, ApiServer> old = index(before.servers(), ApiServer::url);
        Map<String, ApiServer> now = index(after.servers(), ApiServer::url);
        Set<String> oldHosts = old.values().stream().filter(s -> "https".equals(s.scheme()))
                .map(s -> s.host() + s.basePath()).collect(Collectors.toSet());
        for (ApiServer server : now.values()) {
            if (old.containsKey(server.url())) {
                continue;
            }
            if ("http".equals(server.scheme()) && oldHosts.contains(server.host() + server.basePath())) {
                add("SERVER_SCHEME_DOWNGRADED", server.url(), false, true,
                        "server " + server.url() + " is served over plain http where it was https");
            } else {
                add("SERVER_ADDED", server.url(), false, "http".equals(server.scheme()),
                        "server " + server.url() + " added");
            }
        }
        for (ApiServer server : old.values()) {
            if (!now.containsKey(server.url())) {
                add("SERVER_REMOVED", server.url(), true, false, "server " + server.url() + " removed");
            }
        }
    }

    /**
     * A scheme changed under the same name changes every operation that uses it, while their
     * requirements read the same: where the key goes, what it is called, which flows, and where
     * clients get tokens (a token URL on another host sends their credentials there).
     */
    private void securitySchemes() {
        new TreeMap<>(after.securitySchemes()).forEach((name, now) -> {
            SecurityScheme old = before.securitySchemes().get(name);
            if (old == null || old.equals(now)) {
                return;
            }
            List<String> weaker = new ArrayList<>();
            List<String> other = new ArrayList<>();
            if (!Objects.equals(old.type(), now.type()) || !Objects.equals(old.scheme(), now.scheme())) {
                (strength(now) < strength(old) ? weaker : other).add("type " + describe(old) + " -> " + describe(now));
            } else if (!Objects.equals(old.in(), now.in())) {
                (strength(now) < strength(old) ? weaker : other).add("the key moved from " + old.in() + " to " + now.in());
            }
            if (!Objects.equals(old.name(), now.name())) {
                other.add("name " + old.name() + " -> " + now.name());
            }
            if (!Objects.equals(old.bearerFormat(), now.bearerFormat())) {
                other.add("bearer format " + old.bearerFormat() + " -> " + now.bearerFormat());
            }
            for (String flow : now.flows()) {
                if (!old.flows().contains(flow)) {
                    (flow.equals("implicit") || flow.equals("password") ? weaker : other).add("flow " + flow + " added");
                }
            }
            old.flows().stream().filter(f -> !now.flows().contains(f)).forEach(f -> other.add("flow " + f + " removed"));
            new TreeMap<>(now.urls()).forEach((key, url) -> {
                String was = old.urls().get(key);
                if (was != null && !was.equals(url)) {
                    (!Objects.equals(host(was), host(url)) || url.startsWith("http:") ? weaker : other)
                            .add(key + " " + was + " -> " + url);
                }
            });
            if (!weaker.isEmpty()) {
                add("SECURITY_SCHEME_WEAKENED", "securityScheme " + name, !other.isEmpty(), true, "security scheme "
                        + name + " weakened: " + String.join(", ", concat(weaker, other)));
            } else if (!other.isEmpty()) {
                add("SECURITY_SCHEME_CHANGED", "securityScheme " + name, true, true, "security scheme " + name
                        + " changed: " + String.join(", ", other));
            }
        });
    }

    private static String describe(SecurityScheme scheme) {
        return scheme.type() + (scheme.scheme() == null ? "" : "/" + scheme.scheme());
    }

    private static String host(String url) {
        try {
            return java.net.URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void operations() {
        Map<String, ApiOperation> old = index(before.operations(), ApiOperation::id);
        Map<String, ApiOperation> now = index(after.operations(), ApiOperation::id);
        for (ApiOperation op : now.values()) {
            ApiOperation previous = old.get(op.id());
            if (previous == null) {
                // a new entry point is new attack surface: security-relevant, with what makes it so
                List<String> why = new ArrayList<>();
                if (!op.requiresAuthentication()) {
                    why.add("without authentication");
                }
                if (ADMIN_PATH.matcher(op.path().toLowerCase(java.util.Locale.ROOT)).find()) {
                    why.add("an administrative or internal path");
                }
                if (op.parameters().stream().anyMatch(p -> isUrl(p.format(), p.name()))
                        || op.requestFields().stream().anyMatch(f -> isUrl(f.format(), f.path().substring(f.path().lastIndexOf('.') + 1)))) {
                    why.add("takes a URL");
                }
                if (sensitiveResponse(op.responseFields())) {
                    why.add("returns sensitive data");
                }
                add("OPERATION_ADDED", op.id(), false, true, op.id() + " added" + (why.isEmpty() ? ": new attack surface"
                        : ": " + String.join(", ", why)));
            } else {
                operation(previous, op);
            }
        }
        for (ApiOperation op : old.values()) {
            if (!now.containsKey(op.id())) {
                add("OPERATION_REMOVED", op.id(), true, false, op.id() + " removed");
            }
        }
    }

    private void operation(ApiOperation old, ApiOperation now) {
        security(old, now);
        if (!old.deprecated() && now.deprecated()) {
            add("OPERATION_DEPRECATED", now.id(), false, false, now.id() + " deprecated");
        } else if (old.deprecated() && !now.deprecated()) {
            add("OPERATION_UNDEPRECATED", now.id(), false, false, now.id() + " no longer deprecated");
        }
        parameters(now.id(), old.parameters(), now.parameters());
        fields(now.id(), "REQUEST", old.requestFields(), now.requestFields());
        fields(now.id(), "RESPONSE", old.responseFields(), now.responseFields());
        if (old.responseCodes().contains("429") && !now.responseCodes().contains("429")) {
            add("RATE_LIMIT_RESPONSE_REMOVED", now.id(), false, true, now.id() + " no longer declares 429");
        }
        if (!old.extensions().equals(now.extensions())) {
            add("EXTENSIONS_CHANGED", now.id(), false, true, now.id() + " rate-limit/ownership extensions changed: "
                    + old.extensions() + " -> " + now.extensions());
        }
    }

    private void security(ApiOperation old, ApiOperation now) {
        boolean wasAuthenticated = old.requiresAuthentication();
        boolean isAuthenticated = now.requiresAuthentication();
        if (wasAuthenticated && !isAuthenticated) {
            add("SECURITY_REMOVED", now.id(), false, true, now.id() + " no longer requires authentication");
            return;
        }
        if (!wasAuthenticated && isAuthenticated) {
            add("SECURITY_ADDED", now.id(), true, true, now.id() + " now requires authentication");
            return;
        }
        if (!wasAuthenticated || old.security().equals(now.security())) {
            return;
        }
        int oldStrength = strength(old.security(), before.securitySchemes());
        int newStrength = strength(now.security(), after.securitySchemes());
        Set<String> oldScopes = scopes(old.security());
        Set<String> newScopes = scopes(now.security());
        if (newStrength < oldStrength) {
            add("SECURITY_WEAKENED", now.id(), false, true, now.id() + " accepts a weaker authentication scheme: "
                    + schemesOf(old.security()) + " -> " + schemesOf(now.security()));
        } else if (oldScopes.containsAll(newScopes) && !newScopes.containsAll(oldScopes)) {
            Set<String> dropped = new HashSet<>(oldScopes);
            dropped.removeAll(newScopes);
            add("SECURITY_WEAKENED", now.id(), false, true, now.id() + " requires fewer scopes (dropped "
                    + new java.util.TreeSet<>(dropped) + ")");
        } else if (newStrength > oldStrength || (newScopes.containsAll(oldScopes) && !oldScopes.containsAll(newScopes))) {
            add("SECURITY_STRENGTHENED", now.id(), true, true, now.id() + " requires stronger authentication");
        } else if (grantsLess(oldScopes, newScopes)) {
            add("SECURITY_WEAKENED", now.id(), false, true, now.id() + " requires " + new java.util.TreeSet<>(newScopes)
                    + " instead of " + new java.util.TreeSet<>(oldScopes) + ": a read scope where a write or admin"
                    + " scope was required");
        } else {
            add("SECURITY_CHANGED", now.id(), true, true, now.id() + " security requirements changed: "
                    + schemesOf(old.security()) + " " + new java.util.TreeSet<>(oldScopes) + " -> "
                    + schemesOf(now.security()) + " " + new java.util.TreeSet<>(newScopes));
        }
    }

    /** Scopes that write or administer replaced by scopes that only read ({@code ledger.write} -> {@code ledger.read}). */
    private static boolean grantsLess(Set<String> oldScopes, Set<String> newScopes) {
        return oldScopes.stream().anyMatch(Scopes::grantsWrite) && Scopes.onlyRead(newScopes);
    }

    private static final java.util.regex.Pattern ADMIN_PATH = java.util.regex.Pattern.compile(
            "(^|/)_?(admin|administration|internal|debug|manage|management|actuator|backoffice)(/|$)");

    private void parameters(String opId, List<ApiParameter> oldList, List<ApiParameter> newList) {
        Map<String, ApiParameter> old = index(oldList, ApiParameter::key);
        Map<String, ApiParameter> now = index(newList, ApiParameter::key);
        renamedPathParameter(opId, old, now);
        for (ApiParameter p : now.values()) {
            ApiParameter previous = old.get(p.key());
            String target = opId + " " + p.key();
            if (previous == null) {
                add("PARAMETER_ADDED", target, p.required(), !p.bounded() || isUrl(p.format(), p.name()),
                        "parameter " + p.key() + " added to " + opId + (p.required() ? " (required)" : ""));
                continue;
            }
            Constraints c = new Constraints();
            c.limit("maxLength", toDouble(previous.maxLength()), toDouble(p.maxLength()), true);
            c.limit("maximum", previous.maximum(), p.maximum(), true);
            c.limit("minimum", previous.minimum(), p.minimum(), false);
            c.pattern(previous.pattern(), p.pattern());
            if (!previous.enumValues().isEmpty() && !p.enumValues().containsAll(previous.enumValues())) {
                c.tightened.add("enum values removed");
            }
            if (!previous.enumValues().isEmpty() && (p.enumValues().isEmpty()
                    || !previous.enumValues().containsAll(p.enumValues()))) {
                c.loosened.add(p.enumValues().isEmpty() ? "enum removed" : "enum widened");
            }
            if (!Objects.equals(previous.type(), p.type()) || !Objects.equals(previous.format(), p.format())) {
                c.tightened.add("type " + previous.type() + "/" + previous.format() + " -> " + p.type() + "/" + p.format());
            }
            if (!previous.required() && p.required()) {
                c.tightened.add("now required");
            }
            c.report("PARAMETER", target, "parameter " + p.key() + " of " + opId, true);
        }
        old.forEach((key, p) -> {
            if (!now.containsKey(key)) {
                add("PARAMETER_REMOVED", opId + " " + key, true, false, "parameter " + key + " removed from " + opId);
            }
        });
    }

    /**
     * {@code /customers/{customerId}} to {@code /customers/{id}} is the same operation, and no
     * client sends the name: one path parameter gone and one come is a rename, compared as one.
     */
    private void renamedPathParameter(String opId, Map<String, ApiParameter> old, Map<String, ApiParameter> now) {
        List<String> gone = old.keySet().stream().filter(k -> k.startsWith("path:") && !now.containsKey(k)).toList();
        List<String> come = now.keySet().stream().filter(k -> k.startsWith("path:") && !old.containsKey(k)).toList();
        if (gone.size() == 1 && come.size() == 1) {
            ApiParameter renamed = old.remove(gone.get(0));
            old.put(come.get(0), renamed);
            add("PARAMETER_RENAMED", opId + " " + come.get(0), false, false, "path parameter {" + renamed.name()
                    + "} of " + opId + " is now {" + now.get(come.get(0)).name() + "}");
        }
    }

    /** What got looser (security-relevant: more input is accepted) and what got stricter (breaking). */
    private final class Constraints {
        final List<String> loosened = new ArrayList<>();
        final List<String> tightened = new ArrayList<>();

        void limit(String name, Double old, Double now, boolean upper) {
            compareLimit(name, old, now, upper, loosened, tightened);
        }

        void pattern(String old, String now) {
            if (old != null && !old.equals(now)) {
                (now == null ? loosened : tightened).add("pattern " + (now == null ? "removed" : "changed"));
            } else if (old == null && now != null) {
                tightened.add("pattern added");
            }
        }

        void report(String kind, String target, String what, boolean tightenedBreaks) {
            if (!loosened.isEmpty()) {
                add(kind + "_CONSTRAINT_LOOSENED", target, false, true, what + ": " + String.join(", ", loosened));
            }
            if (!tightened.isEmpty()) {
                add(kind + "_CONSTRAINT_TIGHTENED", target, tightenedBreaks, false, what + ": "
                        + String.join(", ", tightened));
            }
        }
    }

    private void fields(String opId, String side, List<ApiField> oldList, List<ApiField> newList) {
        Map<String, ApiField> old = index(oldList, ApiField::path);
        Map<String, ApiField> now = index(newList, ApiField::path);
        boolean response = side.equals("RESPONSE");
        for (ApiField field : now.values()) {
            ApiField previous = old.get(field.path());
            String target = opId + " " + side.toLowerCase(java.util.Locale.ROOT) + " " + field.path();
            if (previous == null) {
                Optional<String> sensitive = SensitiveData.categoryOf(field.path(), field.format());
                boolean security = response ? sensitive.isPresent() && !field.writeOnly()
                        : field.openObject() || sensitive.isPresent() || massAssignable(field);
                add(side + "_FIELD_ADDED", target, !response && field.required(), security,
                        side.toLowerCase(java.util.Locale.ROOT) + " field " + field.path() + " added to " + opId
                                + sensitive.map(c -> " (" + c + ")").orElse(""));
                continue;
            }
            if (!previous.openObject() && field.openObject()) {
                add(side + "_FIELD_OPENED", target, false, !response, field.path() + " of " + opId
                        + " now accepts undeclared properties");
            }
            if (response && previous.writeOnly() && !field.writeOnly()) {
                add("RESPONSE_FIELD_EXPOSED", target, false, true, field.path() + " of " + opId
                        + " is no longer write-only and may be returned");
            }
            if (!Objects.equals(previous.type(), field.type())) {
                add(side + "_FIELD_TYPE_CHANGED", target, true, false, field.path() + " of " + opId + ": type "
                        + previous.type() + " -> " + field.type());
            }
            fieldConstraints(opId, side, target, previous, field);
        }
        for (ApiField field : old.values()) {
            if (!now.containsKey(field.path())) {
                add(side + "_FIELD_REMOVED", opId + " " + side.toLowerCase(java.util.Locale.ROOT) + " " + field.path(),
                        response || field.required(), false,
                        side.toLowerCase(java.util.Locale.ROOT) + " field " + field.path() + " removed from " + opId);
            }
        }
    }

    /**
     * A request field that accepts more (a bound or pattern removed) lets more input through; a
     * response array without {@code maxItems} may return without end. The reverse breaks clients
     * that send, and means nothing for a response.
     */
    private void fieldConstraints(String opId, String side, String target, ApiField previous, ApiField field) {
        Constraints c = new Constraints();
        if (side.equals("RESPONSE")) {
            c.limit("maxItems", toDouble(previous.maxItems()), toDouble(field.maxItems()), true);
            c.tightened.clear();
            c.report("RESPONSE_FIELD", target, "response field " + field.path() + " of " + opId, false);
            return;
        }
        c.limit("maxLength", toDouble(previous.maxLength()), toDouble(field.maxLength()), true);
        c.limit("maximum", previous.maximum(), field.maximum(), true);
        c.limit("minimum", previous.minimum(), field.minimum(), false);
        c.limit("maxItems", toDouble(previous.maxItems()), toDouble(field.maxItems()), true);
        c.pattern(previous.pattern(), field.pattern());
        if (previous.enumerated() && !field.enumerated()) {
            c.loosened.add("enum removed");
        } else if (!previous.enumerated() && field.enumerated()) {
            c.tightened.add("enum added");
        }
        if (previous.closed() && !field.closed() && !field.openObject()) {
            c.loosened.add("no longer forbids undeclared properties");
        }
        if (previous.readOnly() && !field.readOnly()) {
            c.loosened.add("no longer read-only");
        }
        c.report("REQUEST_FIELD", target, "request field " + field.path() + " of " + opId, true);
    }

    private static boolean massAssignable(ApiField field) {
        String name = field.path().substring(field.path().lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        return !field.readOnly() && (name.equals("role") || name.equals("roles") || name.startsWith("is_admin")
                || name.equals("isadmin") || name.equals("admin") || name.equals("owner") || name.equals("balance")
                || name.equals("permissions") || name.equals("verified"));
    }

    private static boolean isUrl(String format, String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return "uri".equals(format) || "url".equals(format) || lower.endsWith("url") || lower.endsWith("uri")
                || lower.contains("callback") || lower.contains("webhook");
    }

    private static boolean sensitiveResponse(List<ApiField> fields) {
        return fields.stream().anyMatch(f -> !f.writeOnly() && SensitiveData.categoryOf(f.path(), f.format()).isPresent());
    }

    private static void compareLimit(String name, Double old, Double now, boolean upper, List<String> loosened,
                                     List<String> tightened) {
        if (Objects.equals(old, now)) {
            return;
        }
        if (old != null && now == null) {
            loosened.add(name + " removed");
        } else if (old == null) {
            tightened.add(name + " added");
        } else if (upper ? now > old : now < old) {
            loosened.add(name + " " + fmt(old) + " -> " + fmt(now));
        } else {
            tightened.add(name + " " + fmt(old) + " -> " + fmt(now));
        }
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static Double toDouble(Integer value) {
        return value == null ? null : value.doubleValue();
    }

    /** The strength of the weakest alternative: anyone can pick it. */
    private static int strength(List<SecurityRequirement> security, Map<String, SecurityScheme> schemes) {
        return security.stream().mapToInt(r -> r.schemes().keySet().stream()
                        .mapToInt(name -> strength(schemes.get(name))).max().orElse(0))
                .min().orElse(0);
    }

    static int strength(SecurityScheme scheme) {
        if (scheme == null || scheme.type() == null) {
            return 1;
        }
        return switch (scheme.type()) {
            case "apiKey" -> "query".equals(scheme.in()) ? 1 : 2;
            case "http" -> "basic".equals(scheme.scheme()) ? 1 : 3;
            case "oauth2", "openIdConnect", "mutualTLS" -> 4;
            default -> 1;
        };
    }

    private static Set<String> scopes(List<SecurityRequirement> security) {
        Set<String> scopes = new HashSet<>();
        security.forEach(r -> r.schemes().forEach((name, list) -> list.forEach(s -> scopes.add(name + ":" + s))));
        return scopes;
    }

    private static String schemesOf(List<SecurityRequirement> security) {
        return security.stream().map(r -> String.join("+", new java.util.TreeSet<>(r.schemes().keySet())))
                .collect(Collectors.joining(" | ", "[", "]"));
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
        Map<String, T> map = new TreeMap<>();
        items.forEach(item -> map.putIfAbsent(key.apply(item), item));
        return map;
    }
}
