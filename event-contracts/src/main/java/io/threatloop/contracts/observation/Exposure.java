package io.threatloop.contracts.observation;

import java.util.List;

/**
 * How far a workload is exposed. {@code level}: {@code internet} (a load balancer, an Ingress
 * or an HTTPRoute), {@code node-port}, {@code cluster-internal}, or {@code namespace-isolated}
 * (a NetworkPolicy restricts who may reach its pods).
 */
public record Exposure(String level, List<ExposureRoute> routes) {
    public Exposure {
        routes = routes == null ? List.of() : List.copyOf(routes);
    }
}
