package io.threatloop.contracts.observation;

/**
 * One way a workload is reached from outside its namespace: {@code kind} is
 * {@code LoadBalancer}, {@code NodePort}, {@code Ingress} or {@code HTTPRoute}; {@code name}
 * the resource (namespace/name) that exposes it; host, path and whether TLS protects it.
 */
public record ExposureRoute(String kind, String name, String host, String path, boolean tls) {
}
