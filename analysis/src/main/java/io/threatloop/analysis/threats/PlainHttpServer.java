package io.threatloop.analysis.threats;

import io.threatloop.analysis.risk.RiskFactors;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.List;
import java.util.Set;

/** Man-in-the-middle: the API is served over plain HTTP to a non-local host. */
public final class PlainHttpServer implements ThreatRule {

    private static final Set<String> LOCAL = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    static final RuleDefinition DEFINITION = new RuleDefinition(
            "MITM-HTTP-SERVER",
            "API served over plain HTTP",
            "API8:2023",
            "Information Disclosure",
            "CWE-319",
            "Credentials, tokens and data cross the network unencrypted and can be read or changed in transit.",
            List.of("Serve the API over HTTPS only (TLS 1.2+) and redirect or refuse HTTP",
                    "Send HSTS; terminate TLS at the ingress and re-encrypt inside the cluster where required"),
            new RiskFactors(4, 5, 5, 6, 6, 5, 6, 8, 7, 6, 1, 4, 4, 6, 6, 6));

    @Override
    public RuleDefinition definition() {
        return DEFINITION;
    }

    @Override
    public List<Finding> evaluate(ApiSurface surface) {
        return surface.servers().stream()
                .filter(server -> "http".equals(server.scheme()) && server.host() != null
                        && !LOCAL.contains(server.host()))
                .map(server -> new Finding(DEFINITION, "server " + server.url(), true,
                        List.of("server " + server.url() + " uses http")))
                .toList();
    }

}
