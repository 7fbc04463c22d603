package io.threatloop.scanner.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The scanner's RBAC in k8s/ grants read-only access to exactly what ClusterWatcher watches. */
class ScannerRbacTest {

    private static final Set<String> READ_ONLY = Set.of("get", "list", "watch");
    private static final Set<String> WATCHED = Set.of("/services", "/namespaces", "networking.k8s.io/ingresses",
            "networking.k8s.io/networkpolicies", "gateway.networking.k8s.io/httproutes");
    private static final String CRD = "apiextensions.k8s.io/customresourcedefinitions";

    private static List<HasMetadata> manifests(String path) throws IOException {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : Files.readString(Path.of("..", "k8s", path)).split("(?m)^---\\s*$")) {
            if (!document.isBlank()) {
                resources.add(serialization.unmarshal(document));
            }
        }
        return resources;
    }

    private static void onlyReads(List<PolicyRule> rules, Set<String> allowed) {
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    String id = group + "/" + resource;
                    if (id.equals(CRD)) {
                        assertThat(rule.getVerbs()).as(id).containsExactly("get");
                        assertThat(rule.getResourceNames()).as(id).containsExactly(ClusterWatcher.HTTPROUTE_CRD);
                        continue;
                    }
                    assertThat(allowed).as("resource %s is not watched by the scanner", id).contains(id);
                    assertThat(READ_ONLY).as("verbs on %s", id).containsAll(rule.getVerbs());
                }
            }
            assertThat(rule.getVerbs()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        }
    }

    @Test
    void theClusterRoleOnlyReadsWhatTheScannerWatches() throws IOException {
        ClusterRole role = manifests("base/scanner-rbac.yaml").stream().filter(ClusterRole.class::isInstance)
                .map(ClusterRole.class::cast).findFirst().orElseThrow();
        onlyReads(role.getRules(), WATCHED);
        List<String> granted = role.getRules().stream()
                .flatMap(r -> r.getApiGroups().stream().flatMap(g -> r.getResources().stream().map(res -> g + "/" + res)))
                .toList();
        assertThat(granted).as("everything the scanner watches is granted").containsAll(WATCHED);
    }

    @Test
    void theNamespacedRoleOnlyReadsWhatTheScannerWatches() throws IOException {
        Role role = manifests("variants/namespaced-scanner/scanner-role.yaml").stream().filter(Role.class::isInstance)
                .map(Role.class::cast).findFirst().orElseThrow();
        onlyReads(role.getRules(), Set.of("/services", "networking.k8s.io/ingresses",
                "networking.k8s.io/networkpolicies"));
    }
}
