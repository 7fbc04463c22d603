package io.threatloop.analysis.threats;

import io.threatloop.analysis.risk.RiskFactors;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiParameter;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where the API talks to other systems: API7:2023 server-side request forgery (URL inputs) and
 * API10:2023 unsafe consumption (callbacks and webhooks it sends, webhooks it receives).
 */
final class RequestTargetRules {

    private static final Pattern JSONP = Pattern.compile("callback|jsonp");
    private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://.*");

    static final RuleDefinition URL_INPUT = new RuleDefinition(
            "API7-URL-INPUT", "Input that takes a URL", "API7:2023", "Elevation of Privilege", "CWE-918",
            "The operation accepts a URL (by format, name or example); if the server fetches it, a client can make the server"
                    + " call internal services, cloud metadata endpoints or other hosts (SSRF).",
            List.of("Fetch only from an allow-list of schemes, hosts and ports; resolve and reject private, loopback"
                            + " and link-local addresses; do not follow redirects",
                    "Run fetches from an isolated egress with a network policy"),
            new RiskFactors(6, 7, 5, 6, 5, 6, 6, 7, 7, 6, 4, 5, 5, 6, 5, 4));

    static final RuleDefinition CALLBACK = new RuleDefinition(
            "API10-CALLBACK-TO-CLIENT-URL", "Callbacks or webhooks to client-supplied URLs", "API10:2023", "Tampering",
            "CWE-20",
            "The API sends requests to URLs its clients register (callbacks, webhooks) and may consume what they"
                    + " answer; the destination and the response are untrusted (SSRF, injection, slow responses).",
            List.of("Validate registered URLs against an allow-list and re-check them at send time",
                    "Sign outgoing calls, time out, never follow redirects, treat responses as untrusted input"),
            new RiskFactors(6, 6, 4, 5, 5, 5, 5, 7, 5, 6, 4, 4, 4, 5, 4, 3));

    static final RuleDefinition WEBHOOK_RECEIVER = new RuleDefinition(
            "API10-WEBHOOK-RECEIVER", "Webhook receiver: deliveries from another system", "API10:2023", "Spoofing",
            "CWE-345",
            "The operation receives deliveries another system pushes (a git forge, a payment provider). Whoever"
                    + " can reach it can forge or replay a delivery unless its signature is checked, and the"
                    + " payload is the sender's data, not the API's: trusted as it is, it injects or makes the"
                    + " server fetch what the payload names.",
            List.of("Verify each delivery before reading it: an HMAC over the raw body (or the sender's token)"
                            + " with a per-sender secret, compared in constant time; refuse replays by delivery id"
                            + " or timestamp",
                    "Treat the payload as untrusted input: bound its size, validate it, and take from it only ids"
                            + " to look up, never URLs to fetch"),
            new RiskFactors(6, 6, 5, 6, 5, 5, 5, 7, 5, 6, 4, 5, 4, 5, 4, 3));

    static final RuleDefinition UPSTREAM_API = new RuleDefinition(
            "API10-UPSTREAM-API", "Operation relays an upstream API", "API10:2023", "Tampering", "CWE-20",
            "A gateway extension of the operation names the upstream service it forwards to. What that service"
                    + " answers reaches the client, or the server acts on it, as if it were the API's own data;"
                    + " a compromised, slow or redirected upstream injects, leaks or stalls through it.",
            List.of("Call the upstream over verified TLS with a timeout and without following redirects",
                    "Validate and bound what it returns before using or relaying it; map its errors instead of"
                            + " passing them through"),
            new RiskFactors(6, 5, 5, 5, 5, 5, 5, 6, 5, 6, 3, 4, 4, 5, 4, 3));

    private static final Pattern UPSTREAM_KEY = Pattern.compile("integration|backend|upstream|proxy");
    private static final Pattern RECEIVER_PATH = Pattern.compile("(^|/)(web_?hooks?|hooks?|callbacks?)(/|$)");
    /**
     * Managing the hooks, not receiving them: Mandrill's {@code /webhooks/update.json}, {@code /hooks/{id}},
     * the hooks of one resource (GitHub's {@code POST /repos/{owner}/{repo}/hooks} creates one), and
     * a service's hook settings (Twilio's {@code POST /v1/Services/{sid}/Configuration/Webhooks}).
     */
    private static final Pattern HOOK_MANAGEMENT = Pattern.compile("(^|/)(web_?hooks?|hooks?|callbacks?)/"
            + "(\\{[^}]*}|add|create|update|edit|delete|remove|list|info|get|set|test|ping)(\\.json|/|$)"
            + "|}/(web_?hooks?|hooks?)(/|$)|/(configuration|config|settings)/(web_?hooks?|hooks?|callbacks?)(/|$)");
    private static final Pattern DELIVERY_HEADER = Pattern.compile(
            "(^|_)(signature(_\\d+)?|gitlab_token|webhook_(secret|token)|hook_(secret|token))$");

    private static final Set<String> URL_FORMATS = Set.of("uri", "url", "iri", "uri-reference", "iri-reference");
    private static final Pattern URL_NAME = Pattern.compile(
            "(^|_)(url|uri|urls|uris|link|href|callback|webhook|redirect|redirect_to|return_to|endpoint|host|hostname"
                    + "|feed|api)$");

    private RequestTargetRules() {
    }

    static List<ThreatRule> rules() {
        return List.of(
                new OperationRule(URL_INPUT, RequestTargetRules::urlInputs),
                new OperationRule(WEBHOOK_RECEIVER, RequestTargetRules::webhookReceiver),
                new OperationRule(UPSTREAM_API, RequestTargetRules::upstream),
                new SurfaceRule(CALLBACK, RequestTargetRules::callbacks));
    }

    private static boolean takesUrl(String name, String format) {
        return (format != null && URL_FORMATS.contains(format)) || URL_NAME.matcher(OperationSignals.words(name)).find();
    }

    /**
     * {@code GET ...?callback=} names the JSONP function to wrap the answer in (Stack Exchange's
     * API): nothing is fetched. A callback in a body, or with a URL example, is one to call.
     */
    private static boolean jsonpCallback(ApiOperation op, ApiParameter p) {
        return "GET".equals(op.method()) && "query".equals(p.in()) && !p.urlExample()
                && (p.format() == null || !URL_FORMATS.contains(p.format()))
                && JSONP.matcher(OperationSignals.words(p.name())).matches();
    }

    private static List<String> urlInputs(ApiSurface surface, ApiOperation op) {
        List<String> names = new ArrayList<>();
        op.parameters().stream().filter(p -> !"header".equals(p.in()) && "string".equals(p.type())
                        && (takesUrl(p.name(), p.format()) || p.urlExample()) && !jsonpCallback(op, p))
                .forEach(p -> names.add(p.in() + " '" + p.name() + "'" + (p.urlExample() ? " (its example is a URL)" : "")));
        OperationSignals.writableFields(op).stream()
                .filter(f -> "string".equals(f.type()) && (takesUrl(OperationSignals.leaf(f.path()), f.format())
                        || f.urlExample()))
                .forEach(f -> names.add("body '" + f.path() + "'" + (f.urlExample() ? " (its example is a URL)" : "")));
        return names.isEmpty() ? List.of() : List.of("takes a URL: " + OperationSignals.sample(names));
    }

    private static Map<String, List<String>> callbacks(ApiSurface surface) {
        Map<String, List<String>> found = new TreeMap<>();
        surface.operations().stream().filter(op -> !op.callbacks().isEmpty()).forEach(op -> found.put(op.id(),
                List.of(op.id() + " declares callback(s) " + String.join(", ", op.callbacks()))));
        if (!surface.webhooks().isEmpty()) {
            found.put("webhooks", List.of("the API sends webhooks " + OperationSignals.sample(surface.webhooks())));
        }
        return found;
    }

    /** A header that authenticates a pushed delivery (a signature, a forge's token). */
    static boolean deliveryHeader(String name) {
        String words = OperationSignals.words(name);
        // X-Amz-Signature signs the caller's own request (AWS Signature V4): authentication, no delivery
        return DELIVERY_HEADER.matcher(words).find() && !words.startsWith("x_amz_");
    }

    /**
     * GitLab's {@code POST /v3/hooks {url}} creates a system hook: a top-level URL input names where
     * deliveries go, so the operation registers a hook; a delivery's own URLs lie deeper in its payload.
     */
    private static boolean registersHook(ApiOperation op) {
        return op.parameters().stream().anyMatch(p -> !"header".equals(p.in()) && !"path".equals(p.in())
                        && HOOK_TARGET.matcher(OperationSignals.words(p.name())).find())
                || OperationSignals.writableFields(op).stream().anyMatch(f -> !f.path().contains(".")
                        && HOOK_TARGET.matcher(OperationSignals.words(f.path())).find());
    }

    private static final Pattern HOOK_TARGET = Pattern.compile("^((target|callback|hook|delivery|endpoint)_)?(url|uri)$");

    /** A POST at a hook or callback path, or one that takes a delivery's signature or token header. */
    private static List<String> webhookReceiver(ApiSurface surface, ApiOperation op) {
        if (!"POST".equals(op.method())) {
            return List.of();
        }
        List<String> signs = new ArrayList<>();
        String path = OperationSignals.words(op.path());
        if (RECEIVER_PATH.matcher(path).find() && !HOOK_MANAGEMENT.matcher(path).find() && !registersHook(op)) {
            signs.add("its path " + op.path());
        }
        op.parameters().stream().filter(p -> "header".equals(p.in()) && deliveryHeader(p.name()))
                .forEach(p -> signs.add("header '" + p.name() + "'"));
        return signs.isEmpty() ? List.of()
                : List.of(op.id() + " receives another system's deliveries (" + String.join(", ", signs) + ")");
    }

    /** {@code x-amazon-apigateway-integration}, {@code x-google-backend}: the extractor keeps their URL. */
    private static List<String> upstream(ApiSurface surface, ApiOperation op) {
        return op.extensions().entrySet().stream()
                .filter(e -> UPSTREAM_KEY.matcher(e.getKey().toLowerCase(java.util.Locale.ROOT)).find()
                        && HTTP_URL.matcher(e.getValue()).matches())
                .sorted(Map.Entry.comparingByKey())
                .map(e -> op.id() + " forwards to " + e.getValue() + " (" + e.getKey() + ")")
                .toList();
    }
}
