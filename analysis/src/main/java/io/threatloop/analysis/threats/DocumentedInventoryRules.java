package io.threatloop.analysis.threats;

import io.threatloop.analysis.risk.RiskFactors;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiServer;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    static final RuleDefinition UNRELEASED_OPERATION = new RuleDefinition(
            "API9-UNRELEASED-OPERATION", "Preview, beta or hidden operation served", "API9:2023",
            "Elevation of Privilege", "CWE-1059",
            "The description marks the operation as not released (preview, beta, experimental) or hidden from the"
                    + " published documentation and SDKs. It is served all the same, usually before the review and"
                    + " hardening of released functions, and hidden ones drop out of inventories and tests.",
            List.of("Serve unreleased operations only to the clients enrolled in the preview, behind the same"
                            + " authentication, authorization and rate limits as released ones",
                    "Keep hidden operations in the inventory and the security tests; retire previews that are"
                            + " not promoted"),
            new RiskFactors(5, 5, 5, 5, 6, 5, 5, 6, 5, 5, 2, 4, 3, 4, 3, 3));

    static final RuleDefinition LEGACY_SERVER = new RuleDefinition(
            "API9-LEGACY-SERVER", "Legacy host still serving the API", "API9:2023", "Elevation of Privilege",
            "CWE-1059",
            "Next to its current server the description lists a legacy one (a legacy, old or classic host or base"
                    + " path). Old hosts keep serving after the current one gains checks, and attackers go to"
                    + " them: the same API, the older protections.",
            List.of("Retire the legacy host or put it behind the same gateway, authentication and rate limits as"
                    + " the current one", "Monitor its traffic until it is switched off"),
            new RiskFactors(5, 6, 5, 5, 6, 5, 6, 7, 5, 5, 2, 4, 4, 4, 3, 3));

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
                new SurfaceRule(NON_PRODUCTION_SERVER, DocumentedInventoryRules::nonProductionServers),
                new OperationRule(UNRELEASED_OPERATION, DocumentedInventoryRules::unreleased),
                new SurfaceRule(LEGACY_SERVER, DocumentedInventoryRules::legacyServers));
    }

    private static Map<String, List<String>> versions(ApiSurface surface) {
        TreeSet<Integer> versions = new TreeSet<>();
        TreeSet<String> alternates = new TreeSet<>();
        int alternating = 0;
        for (ApiOperation op : surface.operations()) {
            Matcher matcher = VERSION.matcher(op.path());
            if (matcher.find()) {
                versions.add(Integer.parseInt(matcher.group(1)));
            }
            List<String> others = alternateVersions(op);
            alternates.addAll(others);
            alternating += others.isEmpty() ? 0 : 1;
        }
        List<String> evidence = new ArrayList<>();
        if (versions.size() >= 2) {
            evidence.add("operations of versions " + String.join(", ", versions.stream().map(v -> "v" + v).toList())
                    + " are documented together");
        }
        if (!alternates.isEmpty()) {
            evidence.add(alternating + " operation(s) are also served as version(s) " + String.join(", ", alternates)
                    + " (x-alternate-versions)");
        }
        return evidence.isEmpty() ? Map.of() : Map.of("versions", evidence);
    }

    /** {@code x-alternate-versions: [dev, legacy, v1]}: the other versions that serve this operation. */
    private static List<String> alternateVersions(ApiOperation op) {
        String listed = op.extensions().get("x-alternate-versions");
        if (listed == null) {
            return List.of();
        }
        return java.util.Arrays.stream(listed.replaceAll("[\\[\\]\"]", "").split(","))
                .map(String::trim).filter(v -> !v.isEmpty()).toList();
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

    /** {@code x-preview: true}, {@code x-beta}, {@code x-ms-visibility: none}, {@code x-stability-level: beta}. */
    private static final Pattern UNRELEASED_FLAG = Pattern.compile(
            "^x_(is_)?(preview|beta|alpha|experimental|unreleased|hidden|internal)$");
    private static final Pattern UNRELEASED_STATE = Pattern.compile(
            "^(preview|beta|alpha|experimental|unreleased|unstable|hidden|internal|none|private)$");
    private static final Pattern STATE_KEY = Pattern.compile("^x_(\\w+_)?(visibility|stability(_level)?|release_?state|lifecycle)$");
    private static final Pattern LEGACY = Pattern.compile("(^|[./-])(legacy|old|classic|deprecated|retired)([./-]|\\d|$)");

    private static List<String> unreleased(ApiSurface surface, ApiOperation op) {
        List<String> marks = new ArrayList<>();
        op.extensions().forEach((key, value) -> {
            String name = key.toLowerCase(Locale.ROOT).replace('-', '_');
            String state = value.trim().toLowerCase(Locale.ROOT);
            if ((UNRELEASED_FLAG.matcher(name).matches() && !"false".equals(state) && !state.isEmpty())
                    || (STATE_KEY.matcher(name).matches() && UNRELEASED_STATE.matcher(state).matches())) {
                marks.add(key + ": " + value);
            }
        });
        marks.sort(null);
        return marks.isEmpty() ? List.of() : List.of(op.id() + " is marked " + String.join(", ", marks)
                + ": not released or not published, yet served");
    }

    private static Map<String, List<String>> legacyServers(ApiSurface surface) {
        if (surface.servers().size() < 2) {
            return Map.of();
        }
        Map<String, List<String>> found = new TreeMap<>();
        for (ApiServer server : surface.servers()) {
            String where = ((server.host() == null ? "" : server.host()) + (server.basePath() == null ? ""
                    : server.basePath())).toLowerCase(Locale.ROOT);
            if (LEGACY.matcher(where).find()) {
                found.put("server " + server.url(), List.of("server " + server.url() + " is a legacy host next to "
                        + surface.servers().stream().filter(s -> s != server).map(ApiServer::url).findFirst()
                        .orElse("")));
            }
        }
        return found;
    }
}
