package io.threatloop.model.domain;

import io.threatloop.contracts.model.Deployment;
import io.threatloop.contracts.model.EntryPoint;
import io.threatloop.contracts.observation.ExposureRoute;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How far one entry point can be reached, derived from the application's deployments: the
 * widest exposure of the workloads that serve it, through the routes whose path covers it.
 */
public record EntryPointExposure(String level, List<String> via) {

    /** From widest to narrowest. */
    static final List<String> LEVELS = List.of("internet", "node-port", "cluster-internal", "namespace-isolated",
            "not-deployed");

    public EntryPointExposure {
        via = List.copyOf(via);
    }

    /**
     * The exposure of every entry point; empty while the application has no known deployment
     * (then nothing is claimed). A workload that does not serve its own spec is taken to serve
     * every documented operation.
     */
    static Map<String, EntryPointExposure> of(Map<String, EntryPoint> entryPoints, Map<String, Deployment> deployments) {
        Map<String, EntryPointExposure> result = new TreeMap<>();
        if (deployments.isEmpty()) {
            return result;
        }
        for (EntryPoint entryPoint : entryPoints.values()) {
            String level = "not-deployed";
            TreeSet<String> via = new TreeSet<>();
            for (Deployment deployment : deployments.values()) {
                if (deployment.servedOperations() != null && !deployment.servedOperations().contains(entryPoint.id())) {
                    continue;
                }
                String deploymentLevel = deployment.exposure() == null ? "cluster-internal" : deployment.exposure().level();
                List<ExposureRoute> all = deployment.exposure() == null ? List.of() : deployment.exposure().routes();
                List<ExposureRoute> covering = all.stream().filter(r -> covers(r.path(), entryPoint.path())).toList();
                // operation paths are relative to the spec's base path, route paths are not: when no route
                // visibly covers the operation, all routes are kept (better to overstate exposure than to hide it)
                List<String> routes = new ArrayList<>();
                for (ExposureRoute route : covering.isEmpty() ? all : covering) {
                    routes.add(route.kind() + " " + route.name() + " " + (route.host() == null ? "*" : route.host())
                            + (route.path() == null ? "/" : route.path()) + (route.tls() ? " (TLS)" : " (no TLS)"));
                }
                if (routes.isEmpty()) {
                    routes.add("Service " + deployment.id());
                }
                if (LEVELS.indexOf(deploymentLevel) < LEVELS.indexOf(level)) {
                    level = deploymentLevel;
                    via.clear();
                }
                if (deploymentLevel.equals(level)) {
                    via.addAll(routes);
                }
            }
            result.put(entryPoint.id(), new EntryPointExposure(level, new ArrayList<>(via)));
        }
        return result;
    }

    /** A route path prefix covers an operation path template: {@code /api} covers {@code /api/users/{}}. */
    private static boolean covers(String routePath, String operationPath) {
        if (routePath == null || routePath.isEmpty() || routePath.equals("/")) {
            return true;
        }
        String prefix = routePath.endsWith("/") ? routePath.substring(0, routePath.length() - 1) : routePath;
        return operationPath.equals(prefix) || operationPath.startsWith(prefix + "/");
    }
}
