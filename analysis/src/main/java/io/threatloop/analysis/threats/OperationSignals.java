package io.threatloop.analysis.threats;

import io.threatloop.contracts.surface.ApiField;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiParameter;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/** What several rules read the same way from an operation: one place for each such reading. */
final class OperationSignals {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private OperationSignals() {
    }

    static boolean writes(ApiOperation op) {
        return WRITES.contains(op.method()) && !RPC_READ.matcher(op.path()).find()
                && !("POST".equals(op.method()) && QUERY_POST.matcher(op.path()).find());
    }

    /** AWS-style JSON RPC reads are POSTs too: {@code POST /#GetJobs}, {@code POST /#DescribeTable}. */
    private static final java.util.regex.Pattern RPC_READ = java.util.regex.Pattern.compile(
            "#(Get|List|Describe|Search|BatchGet|Query|Scan)[A-Z]");

    /**
     * A POST that asks rather than changes: {@code /{id}/isMemberOf}, {@code /users/search},
     * {@code /lookup}, Mandrill's {@code /tags/list.json} and {@code /exports/info.json}, Auckland
     * Museum's {@code /search/{index}/{type}} and {@code /sparql}, CORE's {@code /articles/similar}.
     */
    private static final java.util.regex.Pattern QUERY_POST = java.util.regex.Pattern.compile(
            "/((is|has)[A-Z][A-Za-z]*|search|query|lookup|exists|list|info|sparql|similar)(\\.json)?$|/search(/\\{})+$");

    /** A 429 response, a rate-limit response header or a rate-limit extension. */
    static boolean declaresRateLimit(ApiOperation op) {
        return op.responseCodes().contains("429")
                || op.responseHeaders().stream().anyMatch(h -> h.contains("ratelimit") || h.contains("rate-limit")
                || h.equals("retry-after"))
                || op.extensions().keySet().stream().map(k -> k.toLowerCase(Locale.ROOT))
                .anyMatch(k -> k.contains("rate") || k.contains("throttl") || k.contains("quota"));
    }

    /** A POST that signs in, issues or checks tokens, or resets credentials. */
    static boolean authenticationFlow(ApiOperation op) {
        return "POST".equals(op.method()) && LOGIN.matcher(words(op.path())).find();
    }

    private static final java.util.regex.Pattern LOGIN = java.util.regex.Pattern.compile(
            "(^|/)(login|log_?in|signin|sign_?in|authenticate|auth|token|oauth|session|sessions|password|"
                    + "passwords|reset_?password|forgot_?password|otp|mfa|2fa|verify)(/|$)");

    /**
     * {@code userId}, {@code user-id} and {@code USER_ID} all read {@code user_id}; JSON:API's
     * {@code page[number]} reads {@code page_number}. By hand, in one pass: every rule asks it of
     * every name, and two regular-expression replacements (compiled at each call) were a fifth of
     * the rules' time over the broad corpus.
     */
    static String words(String name) {
        String s = name.indexOf('[') < 0 ? name : unbracketed(name);
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean upper = c >= 'A' && c <= 'Z';
            if (out == null && (upper || c == '-' || c > 127)) {
                out = new StringBuilder(s.length() + 4).append(s, 0, i);
            }
            if (out != null) {
                if (upper && i > 0 && isLowerOrDigit(s.charAt(i - 1))) {
                    out.append('_');
                }
                out.append(c);
            }
        }
        return out == null ? s : out.toString().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** {@code page[number]} -> {@code page_number}: each {@code [word]} becomes {@code _word}. */
    private static String unbracketed(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            int close = name.charAt(i) == '[' ? bracketedWord(name, i) : -1;
            if (close > 0) {
                out.append('_').append(name, i + 1, close);
                i = close;
            } else {
                out.append(name.charAt(i));
            }
        }
        return out.toString();
    }

    /** The index of the {@code ]} closing a word ({@code [a-zA-Z0-9_]+}) opened at {@code open}, or -1. */
    private static int bracketedWord(String name, int open) {
        int i = open + 1;
        while (i < name.length() && isWordChar(name.charAt(i))) {
            i++;
        }
        return i > open + 1 && i < name.length() && name.charAt(i) == ']' ? i : -1;
    }

    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private static boolean isLowerOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    /** The last segment of a field path ({@code items[].owner.id} -> {@code id}). */
    static String leaf(String fieldPath) {
        String clean = fieldPath.replace("[]", "");
        return clean.substring(clean.lastIndexOf('.') + 1);
    }

    /**
     * Request fields a client may set: not read-only, not the body root, and not what the server
     * reports back in a shared request/response model ({@code ValidationErrors}, {@code warnings}).
     */
    static List<ApiField> writableFields(ApiOperation op) {
        return op.requestFields().stream().filter(f -> !f.readOnly() && !"$".equals(f.path())
                && !serverReported(f.path())).toList();
    }

    /** The field or an object it lies in is what the server reports back ({@code Items[].ValidationErrors[].Message}). */
    private static boolean serverReported(String fieldPath) {
        if (!SERVER_REPORTED_WORD.matcher(fieldPath).find()) { // most paths: one look, no split
            return false;
        }
        for (String segment : fieldPath.replace("[]", "").split("\\.")) {
            if (SERVER_REPORTED.matcher(words(segment)).find()) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern SERVER_REPORTED_WORD = java.util.regex.Pattern.compile(
            "(?i)errors?|warnings?|messages?");
    private static final java.util.regex.Pattern SERVER_REPORTED = java.util.regex.Pattern.compile(
            "^(validation_?)?(errors|warnings)$|^validation_?(error|warning|messages?)s?$");

    /** Parameters in the query or the path: they end up in URLs, logs and browser history. */
    static List<ApiParameter> urlParameters(ApiOperation op) {
        return op.parameters().stream().filter(p -> "query".equals(p.in()) || "path".equals(p.in())).toList();
    }

    private static final java.util.regex.Pattern CREDENTIAL_NAME = java.util.regex.Pattern.compile(
            "(^|_)(api_?key|apikey|key|token|access_token|auth|authorization|session|session_id|secret|userkey|app_?key"
                    + "|signature(_\\d+)?)$");

    /**
     * A header, query, cookie or body input that carries a credential (an API key as a plain
     * parameter, a webhook's signature).
     */
    /** A parameter or field named like a credential (an API key, a token, an Authorization header, a signature). */
    static boolean isCredentialName(String name) {
        return CREDENTIAL_NAME.matcher(words(name)).find();
    }

    static java.util.Optional<String> credentialParameter(ApiOperation op) {
        return java.util.stream.Stream.concat(
                        op.parameters().stream().filter(p -> !"path".equals(p.in())).map(ApiParameter::name),
                        op.requestFields().stream().map(f -> leaf(f.path())))
                .filter(name -> CREDENTIAL_NAME.matcher(words(name)).find())
                .findFirst();
    }

    /** The schemes (by name) some security alternative of the operation uses. */
    static Map<String, SecurityScheme> schemesOf(ApiSurface surface, ApiOperation op) {
        Map<String, SecurityScheme> schemes = new TreeMap<>();
        op.security().forEach(requirement -> requirement.schemes().keySet().forEach(name -> {
            SecurityScheme scheme = surface.securitySchemes().get(name);
            if (scheme != null) {
                schemes.put(name, scheme);
            }
        }));
        return schemes;
    }

    /** Security schemes that match and that at least one operation uses, with the operations (up to 5). */
    static Map<String, List<String>> usedSchemes(ApiSurface surface, Predicate<SecurityScheme> matching,
                                                 String finding) {
        Map<String, List<String>> result = new TreeMap<>();
        surface.securitySchemes().forEach((name, scheme) -> {
            if (!matching.test(scheme)) {
                return;
            }
            List<String> ops = surface.operations().stream()
                    .filter(op -> op.security().stream().anyMatch(r -> r.schemes().containsKey(name)))
                    .map(ApiOperation::id).toList();
            if (!ops.isEmpty()) {
                result.put("security scheme " + name, List.of("security scheme '" + name + "' " + finding
                        + "; used by " + sample(ops)));
            }
        });
        return result;
    }

    /** At most five items and how many more, for evidence that stays readable. */
    static String sample(List<String> items) {
        List<String> shown = new ArrayList<>(items.subList(0, Math.min(5, items.size())));
        return String.join(", ", shown) + (items.size() > 5 ? " and " + (items.size() - 5) + " more" : "");
    }
}
