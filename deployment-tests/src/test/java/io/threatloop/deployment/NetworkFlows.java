package io.threatloop.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.util.List;
import java.util.Map;

/**
 * Whether the NetworkPolicies of one namespace let a connection through: a pod (by its labels)
 * to a pod of the same namespace on a port, both ways (egress from the one, ingress to the other).
 * Selectors by matchLabels only, which is all threatloop's policies use.
 */
record NetworkFlows(List<NetworkPolicy> policies) {

    /** A pod of the namespace: its labels and its named ports. */
    record Pod(Map<String, String> labels, Map<String, Integer> ports) {
        Pod(Map<String, String> labels) {
            this(labels, Map.of());
        }
    }

    boolean egressAllowed(Pod from, Pod to, int port) {
        return policies.stream().filter(policy -> selects(policy.getSpec().getPodSelector(), from.labels()))
                .filter(policy -> policy.getSpec().getPolicyTypes().contains("Egress"))
                .flatMap(policy -> policy.getSpec().getEgress().stream())
                .anyMatch(rule -> peers(rule.getTo(), to) && ports(rule.getPorts(), to, port));
    }

    boolean ingressAllowed(Pod from, Pod to, int port) {
        return policies.stream().filter(policy -> selects(policy.getSpec().getPodSelector(), to.labels()))
                .filter(policy -> policy.getSpec().getPolicyTypes().contains("Ingress"))
                .flatMap(policy -> policy.getSpec().getIngress().stream())
                .anyMatch(rule -> peers(rule.getFrom(), from) && ports(rule.getPorts(), to, port));
    }

    /** The ports a pod accepts connections on from anywhere the policies allow (null: any port). */
    boolean ingressOnlyOn(Pod pod, int port) {
        return policies.stream().filter(policy -> selects(policy.getSpec().getPodSelector(), pod.labels()))
                .filter(policy -> policy.getSpec().getPolicyTypes().contains("Ingress"))
                .flatMap(policy -> policy.getSpec().getIngress().stream())
                .allMatch(rule -> !rule.getPorts().isEmpty()
                        && rule.getPorts().stream().allMatch(p -> resolve(p.getPort(), pod) == port));
    }

    boolean defaultDeny() {
        return policies.stream().anyMatch(policy -> selects(policy.getSpec().getPodSelector(), Map.of())
                && policy.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                && policy.getSpec().getIngress().isEmpty() && policy.getSpec().getEgress().isEmpty());
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new IllegalStateException("matchExpressions are not checked here: " + selector);
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return wanted.entrySet().stream().allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())));
    }

    private static boolean peers(List<NetworkPolicyPeer> peers, Pod pod) {
        return peers.isEmpty() || peers.stream().anyMatch(peer -> peer.getIpBlock() == null
                && (peer.getNamespaceSelector() == null || isEmpty(peer.getNamespaceSelector()))
                && selects(peer.getPodSelector(), pod.labels()));
    }

    private static boolean ports(List<NetworkPolicyPort> ports, Pod pod, int port) {
        return ports.isEmpty() || ports.stream().anyMatch(p -> resolve(p.getPort(), pod) == port);
    }

    private static int resolve(IntOrString port, Pod pod) {
        if (port == null) {
            return -1;
        }
        return port.getIntVal() != null ? port.getIntVal() : pod.ports().getOrDefault(port.getStrVal(), -1);
    }

    private static boolean isEmpty(LabelSelector selector) {
        return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }
}
