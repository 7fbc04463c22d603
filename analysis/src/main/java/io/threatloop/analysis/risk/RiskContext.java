package io.threatloop.analysis.risk;

import java.util.List;

/**
 * What the model knows around one threat that moves its factors: whether its target needs
 * authentication, how far it is exposed (internet, cluster, namespace, internal, unknown), the
 * personal and restricted data it handles, the compliance scopes of the model's objectives and
 * the best status of the mitigations recorded for it (null, proposed, implemented, verified).
 */
public record RiskContext(boolean authenticated, String exposure, boolean personalData, boolean restrictedData,
                          List<String> complianceScopes, String mitigation) {

    public RiskContext {
        complianceScopes = complianceScopes == null ? List.of() : List.copyOf(complianceScopes);
    }

    /** Only what a {@code ThreatIdentified} carries itself. */
    public static RiskContext of(boolean authenticated, String exposure) {
        return new RiskContext(authenticated, exposure, false, false, List.of(), null);
    }
}
