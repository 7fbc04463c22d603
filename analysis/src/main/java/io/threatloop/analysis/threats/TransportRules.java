package io.threatloop.analysis.threats;

import io.threatloop.analysis.risk.RiskFactors;
import io.threatloop.contracts.surface.ApiServer;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Man-in-the-middle: what travels unencrypted, judged from the servers a spec declares. */
final class TransportRules {

    private static final Set<String> LOCAL = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    static final RuleDefinition HTTP_SERVER = new RuleDefinition(
            "MITM-HTTP-SERVER", "API served over plain HTTP", "API8:2023", "Information Disclosure", "CWE-319",
            "Credentials, tokens and data cross the network unencrypted and can be read or changed in transit.",
            List.of("Serve the API over HTTPS only (TLS 1.2+) and redirect or refuse HTTP",
                    "Send HSTS; terminate TLS at the ingress and re-encrypt inside the cluster where required"),
            new RiskFactors(4, 5, 5, 6, 6, 5, 6, 8, 7, 6, 1, 4, 4, 6, 6, 6));

    static final RuleDefinition MIXED_SCHEMES = new RuleDefinition(
            "MITM-MIXED-SCHEMES", "Same host served over HTTP and HTTPS", "API8:2023", "Tampering", "CWE-319",
            "When a host answers on both schemes, a network attacker can downgrade clients to HTTP (SSL stripping)"
                    + " and read or change their requests.",
            List.of("Drop the http server; redirect HTTP to HTTPS and send HSTS with includeSubDomains"),
            new RiskFactors(5, 5, 4, 5, 6, 5, 6, 8, 6, 6, 1, 4, 4, 5, 5, 5));

    static final RuleDefinition BASIC_OVER_HTTP = new RuleDefinition(
            "MITM-BASIC-AUTH-OVER-HTTP", "Basic authentication over plain HTTP", "API2:2023", "Information Disclosure",
            "CWE-523",
            "Basic authentication only encodes the password; over HTTP anyone on the path reads it and can reuse it.",
            List.of("Serve the API over HTTPS only", "Replace basic authentication with short-lived tokens"),
            new RiskFactors(5, 7, 5, 6, 7, 7, 7, 8, 7, 6, 1, 6, 5, 6, 6, 5));

    private TransportRules() {
    }

    static List<ThreatRule> rules() {
        return List.of(
                new SurfaceRule(HTTP_SERVER, TransportRules::httpServers),
                new SurfaceRule(MIXED_SCHEMES, TransportRules::mixedSchemes),
                new SurfaceRule(BASIC_OVER_HTTP, s -> httpServers(s).isEmpty() ? Map.of()
                        : OperationSignals.usedSchemes(s, scheme -> "http".equals(scheme.type())
                        && "basic".equals(scheme.scheme()), "is HTTP basic authentication and the API is served"
                        + " over http")));
    }

    private static Map<String, List<String>> httpServers(ApiSurface surface) {
        Map<String, List<String>> found = new TreeMap<>();
        for (ApiServer server : surface.servers()) {
            if ("http".equals(server.scheme()) && server.host() != null && !LOCAL.contains(server.host())) {
                found.put("server " + server.url(), List.of("server " + server.url() + " uses http"));
            }
        }
        return found;
    }

    private static Map<String, List<String>> mixedSchemes(ApiSurface surface) {
        Map<String, List<String>> found = new TreeMap<>();
        for (ApiServer http : surface.servers()) {
            if ("http".equals(http.scheme()) && http.host() != null && !LOCAL.contains(http.host())
                    && surface.servers().stream().anyMatch(s -> "https".equals(s.scheme())
                    && http.host().equals(s.host()))) {
                found.put("host " + http.host(), List.of("host " + http.host() + " is declared with both http and"
                        + " https servers"));
            }
        }
        return found;
    }
}
