package io.threatloop.scanner.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.threatloop.contracts.observation.Exposure;
import io.threatloop.contracts.observation.ExposureRoute;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.observation.WorkloadObserved;
import io.threatloop.contracts.observation.WorkloadPort;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.HashSet;

/**
 * Describes one Service as a workload: application, team, ports, exposure (load balancer,
 * node port, Ingress and HTTPRoute routes with host, path and TLS; or isolation by a
 * NetworkPolicy), and the link to its spec. Pure: everything it reads is passed in.
 */
public final class WorkloadDescriber {

    public static final String APPLICATION_ANNOTATION = "threatloop.io/application";
    public static final String TEAM = "threatloop.io/team";
    public static final String SPEC_ANNOTATION = "threatloop.io/spec";
    public static final String LIVE_SPEC_ANNOTATION = "threatloop.io/spec-path";

    private WorkloadDescriber() {
    }

    /** What the cluster holds around the Services of one namespace. */
    public record Neighbourhood(Namespace namespace, List<Ingress> ingresses, List<GenericKubernetesResource> httpRoutes,
                                List<NetworkPolicy> networkPolicies) {
    }

    public static WorkloadObserved describe(Service service, Neighbourhood around, String cluster) {
        String namespace = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        Map<String, String> labels = orEmpty(service.getMetadata().getLabels());
        Map<String, String> annotations = orEmpty(service.getMetadata().getAnnotations());
        String application = firstOf(annotations.get(APPLICATION_ANNOTATION), labels.get("app.kubernetes.io/part-of"),
                labels.get("app.kubernetes.io/name"), name);
        Map<String, String> namespaceLabels = around.namespace() == null ? Map.of()
                : orEmpty(around.namespace().getMetadata().getLabels());
        String team = firstOf(annotations.get(TEAM), labels.get(TEAM), namespaceLabels.get(TEAM), null);
        List<WorkloadPort> ports = service.getSpec().getPorts() == null ? List.of()
                : service.getSpec().getPorts().stream()
                .map(p -> new WorkloadPort(p.getName(), p.getPort(), p.getProtocol() == null ? "TCP" : p.getProtocol(),
                        p.getTargetPort() == null ? null : p.getTargetPort().getStrVal() != null
                                ? p.getTargetPort().getStrVal() : String.valueOf(p.getTargetPort().getIntVal())))
                .sorted(Comparator.comparing(WorkloadPort::port)).toList();
        String specSource = null;
        String specPath = null;
        String spec = annotations.get(SPEC_ANNOTATION);
        if (spec != null && spec.contains(":")) {
            specSource = spec.substring(0, spec.indexOf(':'));
            specPath = spec.substring(spec.indexOf(':') + 1);
        }
        SourceRef source = new SourceRef("kubernetes", "kubernetes://" + cluster,
                service.getMetadata().getResourceVersion(), namespace + "/" + name, null, null);
        return new WorkloadObserved(application, source, namespace, name, team, ports,
                exposure(service, around), specSource, specPath, annotations.get(LIVE_SPEC_ANNOTATION), null, null);
    }

    static Exposure exposure(Service service, Neighbourhood around) {
        String namespace = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        List<ExposureRoute> routes = new ArrayList<>();
        String type = Objects.requireNonNullElse(service.getSpec().getType(), "ClusterIP");
        if (type.equals("LoadBalancer")) {
            routes.add(new ExposureRoute("LoadBalancer", namespace + "/" + name, null, null, false));
        } else if (type.equals("NodePort")) {
            routes.add(new ExposureRoute("NodePort", namespace + "/" + name, null, null, false));
        }
        for (Ingress ingress : around.ingresses()) {
            routes.addAll(ingressRoutes(ingress, name));
        }
        for (GenericKubernetesResource route : around.httpRoutes()) {
            routes.addAll(httpRouteRoutes(route, name));
        }
        routes.sort(Comparator.comparing(ExposureRoute::kind).thenComparing(r -> String.valueOf(r.host()))
                .thenComparing(r -> String.valueOf(r.path())));
        String level;
        if (routes.stream().anyMatch(r -> !r.kind().equals("NodePort"))) {
            level = "internet";
        } else if (!routes.isEmpty()) {
            level = "node-port";
        } else if (isolated(service, around.networkPolicies())) {
            level = "namespace-isolated";
        } else {
            level = "cluster-internal";
        }
        return new Exposure(level, routes);
    }

    private static List<ExposureRoute> ingressRoutes(Ingress ingress, String service) {
        List<ExposureRoute> routes = new ArrayList<>();
        if (ingress.getSpec() == null) {
            return routes;
        }
        String id = ingress.getMetadata().getNamespace() + "/" + ingress.getMetadata().getName();
        Set<String> tlsHosts = new HashSet<>();
        boolean tlsForAll = false;
        if (ingress.getSpec().getTls() != null) {
            for (IngressTLS tls : ingress.getSpec().getTls()) {
                if (tls.getHosts() == null || tls.getHosts().isEmpty()) {
                    tlsForAll = true;
                } else {
                    tlsHosts.addAll(tls.getHosts());
                }
            }
        }
        var defaultBackend = ingress.getSpec().getDefaultBackend();
        if (defaultBackend != null && defaultBackend.getService() != null
                && service.equals(defaultBackend.getService().getName())) {
            routes.add(new ExposureRoute("Ingress", id, null, "/", tlsForAll));
        }
        if (ingress.getSpec().getRules() != null) {
            for (IngressRule rule : ingress.getSpec().getRules()) {
                if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
                    continue;
                }
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    if (path.getBackend() != null && path.getBackend().getService() != null
                            && service.equals(path.getBackend().getService().getName())) {
                        boolean tls = tlsForAll || (rule.getHost() != null && tlsHosts.contains(rule.getHost()));
                        routes.add(new ExposureRoute("Ingress", id, rule.getHost(),
                                path.getPath() == null ? "/" : path.getPath(), tls));
                    }
                }
            }
        }
        return routes;
    }

    @SuppressWarnings("unchecked")
    private static List<ExposureRoute> httpRouteRoutes(GenericKubernetesResource route, String service) {
        List<ExposureRoute> routes = new ArrayList<>();
        Map<String, Object> spec = (Map<String, Object>) route.getAdditionalProperties().get("spec");
        if (spec == null) {
            return routes;
        }
        String id = route.getMetadata().getNamespace() + "/" + route.getMetadata().getName();
        List<String> hostnames = (List<String>) spec.getOrDefault("hostnames", List.of());
        for (Map<String, Object> rule : (List<Map<String, Object>>) spec.getOrDefault("rules", List.of())) {
            boolean targets = ((List<Map<String, Object>>) rule.getOrDefault("backendRefs", List.of())).stream()
                    .anyMatch(ref -> service.equals(ref.get("name")));
            if (!targets) {
                continue;
            }
            List<String> paths = new ArrayList<>();
            for (Map<String, Object> match : (List<Map<String, Object>>) rule.getOrDefault("matches", List.of())) {
                Map<String, Object> path = (Map<String, Object>) match.get("path");
                if (path != null && path.get("value") != null) {
                    paths.add(String.valueOf(path.get("value")));
                }
            }
            if (paths.isEmpty()) {
                paths.add("/");
            }
            for (String host : hostnames.isEmpty() ? java.util.Collections.<String>singletonList(null) : hostnames) {
                for (String path : paths) {
                    // TLS is decided by the Gateway listener, which the route does not say
                    routes.add(new ExposureRoute("HTTPRoute", id, host, path, false));
                }
            }
        }
        return routes;
    }

    /** A NetworkPolicy selects the Service's pods and restricts ingress to them. */
    private static boolean isolated(Service service, List<NetworkPolicy> policies) {
        Map<String, String> selector = orEmpty(service.getSpec().getSelector());
        for (NetworkPolicy policy : policies) {
            if (policy.getSpec() == null || policy.getSpec().getPodSelector() == null) {
                continue;
            }
            boolean ingressPolicy = policy.getSpec().getPolicyTypes() == null || policy.getSpec().getPolicyTypes().isEmpty()
                    || policy.getSpec().getPolicyTypes().contains("Ingress");
            Map<String, String> podSelector = orEmpty(policy.getSpec().getPodSelector().getMatchLabels());
            boolean selects = selector.entrySet().containsAll(podSelector.entrySet())
                    && (policy.getSpec().getPodSelector().getMatchExpressions() == null
                    || policy.getSpec().getPodSelector().getMatchExpressions().isEmpty());
            if (ingressPolicy && selects) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
