package io.threatloop.model.view;

import io.threatloop.contracts.model.Deployment;
import io.threatloop.contracts.model.EntryPoint;
import io.threatloop.contracts.observation.ModelFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The decomposition the method asks for, derived from what the model knows: trust boundaries
 * (internet, cluster, each namespace and service the application runs in) with what crosses
 * them, and data flows (clients to each entry point, from its exposure; plus the declared flows).
 */
final class Decomposition {

    private Decomposition() {
    }

    static List<ModelView.TrustBoundary> trustBoundaries(Map<String, EntryPoint> entryPoints,
                                                         Map<String, ModelView.Exposure> exposures,
                                                         Map<String, Deployment> deployments) {
        List<ModelView.TrustBoundary> boundaries = new ArrayList<>();
        TreeSet<String> fromInternet = new TreeSet<>();
        TreeSet<String> intoCluster = new TreeSet<>();
        exposures.forEach((id, exposure) -> {
            if ("internet".equals(exposure.level())) {
                exposure.via().forEach(via -> fromInternet.add(id + " via " + via));
            } else if ("node-port".equals(exposure.level())) {
                exposure.via().forEach(via -> intoCluster.add(id + " via " + via));
            }
        });
        if (!fromInternet.isEmpty()) {
            boundaries.add(new ModelView.TrustBoundary("internet / ingress", "internet", List.of(),
                    new ArrayList<>(fromInternet)));
        }
        if (!deployments.isEmpty()) {
            TreeSet<String> services = new TreeSet<>(deployments.keySet());
            intoCluster.addAll(fromInternet);
            boundaries.add(new ModelView.TrustBoundary("cluster", "cluster", new ArrayList<>(services),
                    new ArrayList<>(intoCluster)));
        }
        Map<String, TreeSet<String>> namespaces = new TreeMap<>();
        deployments.values().forEach(d -> namespaces.computeIfAbsent(d.namespace(), n -> new TreeSet<>()).add(d.id()));
        namespaces.forEach((namespace, services) -> boundaries.add(new ModelView.TrustBoundary(
                "namespace " + namespace, "namespace", new ArrayList<>(services), List.of())));
        for (Deployment deployment : deployments.values()) {
            List<String> served = deployment.servedOperations() != null ? deployment.servedOperations()
                    : new ArrayList<>(entryPoints.keySet());
            boundaries.add(new ModelView.TrustBoundary("service " + deployment.id(), "service", served, List.of()));
        }
        return boundaries;
    }

    static List<ModelView.DataFlow> dataFlows(Map<String, EntryPoint> entryPoints,
                                              Map<String, ModelView.Exposure> exposures,
                                              List<ModelFile.DataFlow> declared) {
        List<ModelView.DataFlow> flows = new ArrayList<>();
        for (EntryPoint entryPoint : entryPoints.values()) {
            ModelView.Exposure exposure = exposures.get(entryPoint.id());
            String client = exposure == null ? "client" : switch (exposure.level()) {
                case "internet" -> "internet client";
                case "node-port", "cluster-internal" -> "cluster client";
                case "namespace-isolated" -> "namespace client";
                default -> "client";
            };
            if (exposure == null || !"not-deployed".equals(exposure.level())) {
                flows.add(new ModelView.DataFlow(client, entryPoint.id(), List.of(), null, "derived"));
            }
        }
        for (ModelFile.DataFlow flow : declared) {
            flows.add(new ModelView.DataFlow(flow.from(), flow.to(), flow.data(), flow.protocol(), "declared"));
        }
        return flows;
    }
}
