package io.threatloop.analysis.threats;

import io.threatloop.analysis.risk.RiskFactors;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiServer;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API9:2023 Improper Inventory Management as far as one API description shows it: deprecated
 * operations, several versions side by side, non-production servers. What is served but not
 * documented needs the cluster too ({@link InventoryRules}).
 */
final class DocumentedInventoryRules {

    static final RuleDefinition DEPRECATED = new RuleDefinition(
            "API9-DEPRECATED-OPERATION", "Deprecated operation still documented", "API9:2023", "Elevation of Privilege",
            "CWE-477",
            "A deprecated operation is still part of the API; old functions tend to miss the checks added since and"
                    + " are forgotten by their owners until they are retired.",
            List.of("Set a retirement date (Sunset header), monitor its callers and remove it",
                    "Keep deprecated operations under the same security checks as current ones until removed"),
            new RiskFactors(5, 5, 4, 5, 5, 5, 5, 7, 4, 4, 2, 4, 3, 4, 3, 3));

    static final RuleDefinition MULTIPLE_VERSIONS = new RuleDefinition(
            "API9-MULTIPLE-VERSIONS", "Several API versions served side by side", "API9:2023", "Elevation of Privilege",
            "CWE-1059",
            "Paths of several API versions are documented together; older versions often lack newer protections"
                    + " and attackers switch to them.",
            List.of("Retire old versions on a schedule; apply the same authentication, authorization and rate limits"
                    + " to every version still served"),
            new RiskFactors(5, 6, 5, 5, 6, 5, 6, 7, 5, 5, 2, 4, 4, 4, 3, 3));

    static final RuleDefinition NON_PRODUCTION_SERVER = new RuleDefinition(
            "API9-NON-PRODUCTION-SERVER", "Non-production server in the API description", "API9:2023",
            "Information Disclosure", "CWE-1059",
            "The description lists development, test or staging servers; such environments are often less protected"
                    + " yet hold real data or credentials, and publishing them invites attacks.",
            List.of("Publish only production servers; keep other environments off the internet or behind the same"
                    + " controls", "Do not use production data in non-production environments"),
            new RiskFactors(5, 5, 5, 5, 6, 5, 5, 7, 5, 4, 2, 3, 4, 4, 4, 4));

    private static final Pattern VERSION = Pattern.compile("/v(\\d+)(?=/|$)");
    private static final Pattern NON_PRODUCTION = Pattern.compile(
            "(^|[.-])(dev|develop|development|staging|stage|stg|test|testing|sandbox|qa|uat|preprod|pre-prod)"
                    + "([.-]|\\d|$)");

    private DocumentedInventoryRules() {
    }

    static List<ThreatRule> rules() {
        return List.of(
                new OperationRule(DEPRECATED, (s, op) -> op.deprecated()
                        ? List.of(op.id() + " is marked deprecated") : List.of()),
                new SurfaceRule(MULTIPLE_VERSIONS, DocumentedInventoryRules::versions),
                new SurfaceRule(NON_PRODUCTION_SERVER, DocumentedInventoryRules::nonProductionServers));
    }

    private static Map<String, List<String>> versions(ApiSurface surface) {
        TreeSet<Integer> versions = new TreeSet<>();
        for (ApiOperation op : surface.operations()) {
            Matcher matcher = VERSION.matcher(op.path());
            if (matcher.find()) {
                versions.add(Integer.parseInt(matcher.group(1)));
            }
        }
        return versions.size() < 2 ? Map.of() : Map.of("versions", List.of("operations of versions "
                + String.join(", ", versions.stream().map(v -> "v" + v).toList()) + " are documented together"));
    }

    private static Map<String, List<String>> nonProductionServers(ApiSurface surface) {
        Map<String, List<String>> found = new TreeMap<>();
        for (ApiServer server : surface.servers()) {
            if (server.host() != null && NON_PRODUCTION.matcher(server.host().toLowerCase(java.util.Locale.ROOT))
                    .find()) {
                found.put("server " + server.url(), List.of("server " + server.url() + " looks like a"
                        + " non-production environment"));
            }
        }
        return found;
    }
}
