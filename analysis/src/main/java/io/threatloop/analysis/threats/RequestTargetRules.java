package io.threatloop.analysis.threats;

import io.threatloop.analysis.risk.RiskFactors;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where the API itself sends requests somewhere a client chose: API7:2023 server-side request
 * forgery (URL inputs) and API10:2023 unsafe consumption (callbacks and webhooks).
 */
final class RequestTargetRules {

    static final RuleDefinition URL_INPUT = new RuleDefinition(
            "API7-URL-INPUT", "Input that takes a URL", "API7:2023", "Elevation of Privilege", "CWE-918",
            "The operation accepts a URL (by format or name); if the server fetches it, a client can make the server"
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

    private static final Set<String> URL_FORMATS = Set.of("uri", "url", "iri", "uri-reference", "iri-reference");
    private static final Pattern URL_NAME = Pattern.compile(
            "(^|_)(url|uri|urls|uris|link|href|callback|webhook|redirect|redirect_to|return_to|endpoint|host|hostname"
                    + "|feed)$");

    private RequestTargetRules() {
    }

    static List<ThreatRule> rules() {
        return List.of(
                new OperationRule(URL_INPUT, RequestTargetRules::urlInputs),
                new SurfaceRule(CALLBACK, RequestTargetRules::callbacks));
    }

    private static boolean takesUrl(String name, String format) {
        return (format != null && URL_FORMATS.contains(format)) || URL_NAME.matcher(OperationSignals.words(name)).find();
    }

    private static List<String> urlInputs(ApiSurface surface, ApiOperation op) {
        List<String> names = new ArrayList<>();
        op.parameters().stream().filter(p -> !"header".equals(p.in()) && "string".equals(p.type())
                && takesUrl(p.name(), p.format())).forEach(p -> names.add(p.in() + " '" + p.name() + "'"));
        OperationSignals.writableFields(op).stream()
                .filter(f -> "string".equals(f.type()) && takesUrl(OperationSignals.leaf(f.path()), f.format()))
                .forEach(f -> names.add("body '" + f.path() + "'"));
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
}
