package io.threatloop.analysis.threats;

import io.threatloop.analysis.risk.RiskFactors;
import io.threatloop.contracts.model.Deployment;
import io.threatloop.contracts.model.EntryPoint;
import io.threatloop.contracts.observation.ExposureRoute;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules over what is documented and what is deployed together (OWASP API9:2023 Improper
 * Inventory Management, and routes without TLS): shadow operations (served, not documented),
 * zombie operations (deprecated, or an older version of a documented path, still served),
 * documented operations no workload serves, and internet routes without TLS.
 * <p>
 * "Served" is known only for workloads that serve their own spec: without it nothing is
 * claimed about shadow, zombie or undeployed operations.
 */
public final class InventoryRules {

    public static final RuleDefinition SHADOW = new RuleDefinition(
            "API9-SHADOW-OPERATION",
            "Shadow operation: served but not documented",
            "API9:2023", "Information Disclosure", "CWE-1059",
            "An operation nobody documented is nobody's responsibility: it escapes review, testing and the gateway's"
                    + " allow-list, and is often a debug or internal endpoint left reachable.",
            List.of("Document the operation in the application's spec, or stop serving it",
                    "Allow-list documented verbs and paths at the gateway so undocumented ones are not reachable"),
            new RiskFactors(5, 5, 6, 6, 5, 6, 5, 8, 6, 5, 3, 5, 4, 5, 5, 5));

    public static final RuleDefinition ZOMBIE = new RuleDefinition(
            "API9-ZOMBIE-OPERATION",
            "Zombie operation: deprecated or superseded but still served",
            "API9:2023", "Elevation of Privilege", "CWE-1059",
            "Old versions keep old flaws: fixes and new controls land in the current version while the old one"
                    + " stays reachable.",
            List.of("Retire the deprecated or superseded operation: remove it from the workload and the gateway",
                    "Set a sunset date and monitor its remaining callers until then"),
            new RiskFactors(5, 5, 6, 6, 6, 6, 6, 8, 6, 6, 3, 5, 4, 5, 5, 5));

    public static final RuleDefinition NOT_DEPLOYED = new RuleDefinition(
            "API9-DOCUMENTED-NOT-DEPLOYED",
            "Documented operation that no workload serves",
            "API9:2023", "Repudiation", "CWE-1059",
            "The documentation no longer describes what runs: reviews and threat models based on it are wrong.",
            List.of("Remove the operation from the spec, or deploy it", "Generate the spec from the code"),
            new RiskFactors(3, 2, 3, 3, 3, 2, 3, 6, 2, 2, 1, 3, 1, 2, 2, 1));

    public static final RuleDefinition ROUTE_WITHOUT_TLS = new RuleDefinition(
            "MITM-ROUTE-WITHOUT-TLS",
            "Internet route without TLS",
            "API8:2023", "Information Disclosure", "CWE-319",
            "The workload is reachable from the internet over plain HTTP: credentials, tokens and data can be read"
                    + " or changed in transit.",
            List.of("Terminate TLS on the Ingress or Gateway listener (a certificate for the host)",
                    "Redirect HTTP to HTTPS and send HSTS"),
            new RiskFactors(4, 5, 6, 7, 6, 5, 6, 8, 7, 6, 1, 4, 4, 6, 6, 6));

    private static final Pattern VERSION = Pattern.compile("/v(\\d+)(?=/)");

    private InventoryRules() {
    }

    public static List<RuleDefinition> definitions() {
        return List.of(SHADOW, ZOMBIE, NOT_DEPLOYED, ROUTE_WITHOUT_TLS);
    }

    /** The findings for these documented entry points and deployments, in a stable order. */
    public static List<Finding> evaluate(Map<String, EntryPoint> documented, Collection<Deployment> deployments) {
        List<Finding> findings = new ArrayList<>();
        Map<String, List<String>> servedBy = new TreeMap<>();
        boolean servedKnown = false;
        for (Deployment deployment : deployments) {
            if (deployment.servedOperations() != null) {
                servedKnown = true;
                deployment.servedOperations().forEach(op ->
                        servedBy.computeIfAbsent(op, k -> new ArrayList<>()).add(deployment.id()));
            }
            for (ExposureRoute route : deployment.exposure() == null ? List.<ExposureRoute>of()
                    : deployment.exposure().routes()) {
                boolean web = "Ingress".equals(route.kind()) || "HTTPRoute".equals(route.kind());
                if (web && !route.tls()) {
                    String where = (route.host() == null ? "*" : route.host()) + (route.path() == null ? "" : route.path());
                    findings.add(new Finding(ROUTE_WITHOUT_TLS, "route " + route.kind() + " " + route.name() + " " + where,
                            true, List.of(route.kind() + " " + route.name() + " exposes " + deployment.id()
                            + " at " + where + " without TLS")));
                }
            }
        }
        if (servedKnown) {
            servedBy.forEach((op, workloads) -> {
                EntryPoint doc = documented.get(op);
                if (doc == null) {
                    Optional<String> newer = newerDocumentedVersion(op, documented.keySet());
                    findings.add(newer.isPresent()
                            ? new Finding(ZOMBIE, op, false, List.of(op + " is served by " + workloads
                            + " while the spec documents the newer " + newer.get()))
                            : new Finding(SHADOW, op, false, List.of(op + " is served by " + workloads
                            + " but no spec of the application documents it")));
                } else if (doc.deprecated()) {
                    findings.add(new Finding(ZOMBIE, op, doc.authenticated(), List.of(op
                            + " is deprecated in " + doc.specPath() + " but still served by " + workloads)));
                }
            });
            for (EntryPoint doc : documented.values()) {
                if (!servedBy.containsKey(doc.id())) {
                    findings.add(new Finding(NOT_DEPLOYED, doc.id(), doc.authenticated(), List.of(doc.id()
                            + " is documented in " + doc.specPath() + " but no workload serves it")));
                }
            }
        }
        findings.sort(Comparator.comparing((Finding f) -> f.rule().id()).thenComparing(Finding::target));
        return findings;
    }

    /** {@code GET /v1/users/{}} -> {@code GET /v2/users/{}} when that (or a later version) is documented. */
    private static Optional<String> newerDocumentedVersion(String operation, Collection<String> documented) {
        Matcher version = VERSION.matcher(operation);
        if (!version.find()) {
            return Optional.empty();
        }
        int served = Integer.parseInt(version.group(1));
        TreeSet<String> newer = new TreeSet<>();
        for (String doc : documented) {
            Matcher other = VERSION.matcher(doc);
            if (other.find() && Integer.parseInt(other.group(1)) > served
                    && doc.substring(0, other.start()).equals(operation.substring(0, version.start()))
                    && doc.substring(other.end()).equals(operation.substring(version.end()))) {
                newer.add(doc);
            }
        }
        return newer.isEmpty() ? Optional.empty() : Optional.of(newer.last());
    }
}
