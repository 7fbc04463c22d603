package io.threatloop.deployment;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.threatloop.deployment.NetworkFlows.Pod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders k8s/overlays/dev and k8s/overlays/prod and checks what a platform team relies on:
 * hardened, probed, bounded containers; Kafka topics and ACLs that match what each service
 * produces and consumes (read from its configuration, not repeated here); every setting without a
 * working default set; every Secret either made by an operator or documented; least privilege
 * for the API and the network.
 */
class KubernetesManifestsTest {

    private static final String KAFKA_CLUSTER_CA = "threatloop-kafka-cluster-ca-cert";

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyContainerIsProbedBoundedAndRunsRestricted(String overlay) {
        Manifests manifests = Manifests.render(overlay);
        List<Deployment> deployments = manifests.all(Deployment.class).toList();
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsAll(ServiceConfiguration.SERVICES).contains("keycloak");
        for (Deployment deployment : deployments) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            List<Container> containers = new ArrayList<>(pod.getContainers());
            containers.addAll(pod.getInitContainers());
            for (Container container : containers) {
                String where = overlay + " " + name + "/" + container.getName();
                assertThat(container.getStartupProbe()).as(where + " startupProbe").isNotNull();
                assertThat(container.getReadinessProbe()).as(where + " readinessProbe").isNotNull();
                assertThat(container.getLivenessProbe()).as(where + " livenessProbe").isNotNull();
                var resources = container.getResources();
                assertThat(resources.getRequests()).as(where + " requests").containsKeys("cpu", "memory");
                assertThat(resources.getLimits()).as(where + " limits").containsKeys("cpu", "memory");
                SecurityContext security = container.getSecurityContext();
                assertThat(security).as(where + " securityContext").isNotNull();
                assertThat(security.getAllowPrivilegeEscalation()).as(where + " allowPrivilegeEscalation").isFalse();
                assertThat(security.getReadOnlyRootFilesystem()).as(where + " readOnlyRootFilesystem").isTrue();
                assertThat(security.getPrivileged()).as(where + " privileged").isNotEqualTo(Boolean.TRUE);
                assertThat(security.getCapabilities().getDrop()).as(where + " capabilities.drop").contains("ALL");
                assertThat(security.getCapabilities().getAdd()).as(where + " capabilities.add").isEmpty();
                assertThat(Objects.requireNonNullElse(security.getRunAsNonRoot(), podSecurity.getRunAsNonRoot()))
                        .as(where + " runAsNonRoot").isTrue();
                String seccomp = security.getSeccompProfile() != null ? security.getSeccompProfile().getType()
                        : podSecurity.getSeccompProfile().getType();
                assertThat(seccomp).as(where + " seccompProfile").isEqualTo("RuntimeDefault");
            }
            pod.getContainers().stream().filter(c -> c.getImage().contains("threatloop/")).forEach(c ->
                    assertThat(c.getImage()).as(name + " image").endsWith(overlay.endsWith("prod") ? ":0.1.0"
                            : ":" + System.getProperty("threatloop.version")));
            assertThat(pod.getHostNetwork()).as(name + " hostNetwork").isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getVolumes()).as(name + " hostPath volumes").allMatch(volume -> volume.getHostPath() == null);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyTopicTheCodeUsesIsAKafkaTopicAndNoOther(String overlay) {
        Manifests manifests = Manifests.render(overlay);
        Set<String> used = ServiceConfiguration.allTopics();
        Set<String> declared = manifests.custom("KafkaTopic")
                .map(topic -> String.valueOf(Manifests.spec(topic).get("topicName")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(declared).isEqualTo(used);
        manifests.custom("KafkaTopic").forEach(topic -> {
            Map<String, Object> spec = Manifests.spec(topic);
            assertThat(spec).as(topic.getMetadata().getName()).containsKeys("partitions", "replicas");
            assertThat(config(spec)).as(topic.getMetadata().getName() + " config").containsKey("retention.ms");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyKafkaUserMayDoExactlyWhatItsServiceDoes(String overlay) {
        Manifests manifests = Manifests.render(overlay);
        Map<String, GenericKubernetesResource> users = manifests.custom("KafkaUser")
                .collect(Collectors.toMap(user -> user.getMetadata().getName(), user -> user));
        assertThat(users.keySet()).containsExactlyInAnyOrderElementsOf(ServiceConfiguration.SERVICES);
        for (String service : ServiceConfiguration.SERVICES) {
            ServiceConfiguration config = ServiceConfiguration.of(service);
            Set<String> expected = new TreeSet<>();
            config.consumes().forEach(topic -> expected.addAll(List.of("topic:literal:" + topic + ":Read",
                    "topic:literal:" + topic + ":Describe")));
            config.produces().forEach(topic -> expected.addAll(List.of("topic:literal:" + topic + ":Write",
                    "topic:literal:" + topic + ":Describe")));
            config.groups().forEach((group, pattern) -> expected.add("group:" + pattern + ":" + group + ":Read"));
            assertThat(acls(users.get(service))).as(service + "'s ACLs").isEqualTo(expected);
            Deployment deployment = manifests.deployment(service);
            assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                    .as(service + " mounts its KafkaUser's certificate")
                    .anyMatch(volume -> volume.getSecret() != null && volume.getSecret().getSecretName().equals(service));
        }
        Map<String, Object> listener = listeners(manifests).get(0);
        assertThat(listener).containsEntry("tls", true);
        assertThat(((Map<?, ?>) listener.get("authentication")).get("type")).isEqualTo("tls");
        assertThat(((Map<?, ?>) Manifests.spec(manifests.custom("Kafka").findFirst().orElseThrow()).get("kafka"))
                .get("authorization")).isEqualTo(Map.of("type", "simple"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everySettingWithoutAWorkingDefaultIsSetAndEveryVariableIsASetting(String overlay) {
        Manifests manifests = Manifests.render(overlay);
        for (String service : ServiceConfiguration.SERVICES) {
            ServiceConfiguration config = ServiceConfiguration.of(service);
            Deployment deployment = manifests.deployment(service);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            Set<String> environment = manifests.environment(container);
            Properties mounted = manifests.mountedProperties(deployment);
            assertThat(config.needsDeploymentValue()).as(service + " settings the cluster must give").isNotEmpty();
            for (String key : config.needsDeploymentValue()) {
                assertThat(environment.contains(ServiceConfiguration.environmentName(key)) || mounted.containsKey(key))
                        .as(overlay + " " + service + " sets " + key + " (" + ServiceConfiguration.environmentName(key)
                                + ")").isTrue();
            }
            assertThat(environment).as(overlay + " " + service + ": variables that set nothing")
                    .allMatch(config::reads);
            // entries of the configuration maps: each needs its one required key
            requireInEachEntry(mounted, "threatloop.scanner.sources", "url");
            requireInEachEntry(mounted, "threatloop.delivery.channels", "type");
            // the config file the service is told to read is the one mounted
            assertThat(container.getEnv()).anyMatch(variable -> variable.getName().equals("QUARKUS_CONFIG_LOCATIONS")
                    && container.getVolumeMounts().stream().anyMatch(mount ->
                    variable.getValue().startsWith(mount.getMountPath() + "/")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everySecretIsMadeByAnOperatorOrDocumented(String overlay) throws IOException {
        Manifests manifests = Manifests.render(overlay);
        Set<String> byOperators = new TreeSet<>(ServiceConfiguration.SERVICES); // Strimzi's KafkaUser secrets
        byOperators.add(KAFKA_CLUSTER_CA);
        Set<String> documented = documentedSecrets();
        Set<String> referenced = new TreeSet<>();
        manifests.all(Deployment.class).forEach(deployment -> {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            pod.getVolumes().stream().filter(volume -> volume.getSecret() != null)
                    .forEach(volume -> referenced.add(volume.getSecret().getSecretName()));
            pod.getContainers().forEach(container -> container.getEnv().stream()
                    .map(EnvVar::getValueFrom).filter(Objects::nonNull)
                    .filter(source -> source.getSecretKeyRef() != null)
                    .forEach(source -> referenced.add(source.getSecretKeyRef().getName())));
        });
        manifests.custom("Cluster").forEach(cluster -> collectSecretNames(Manifests.spec(cluster), referenced));
        Set<String> unexplained = new TreeSet<>(referenced);
        unexplained.removeAll(byOperators);
        unexplained.removeAll(documented);
        assertThat(unexplained).as("Secrets neither made by an operator nor listed in k8s/README.md").isEmpty();
        Set<String> stale = new TreeSet<>(documented);
        stale.removeAll(referenced);
        assertThat(stale).as("Secrets k8s/README.md lists but nothing uses").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void onlyTheScannerTalksToTheKubernetesApiAndOnlyToRead(String overlay) {
        Manifests manifests = Manifests.render(overlay);
        List<PolicyRule> rules = new ArrayList<>();
        manifests.all(ClusterRoleBinding.class).forEach(binding -> {
            assertThat(binding.getSubjects()).extracting(s -> s.getName()).containsOnly("threatloop-scanner");
            rules.addAll(manifests.named(ClusterRole.class, binding.getRoleRef().getName()).orElseThrow().getRules());
        });
        manifests.all(RoleBinding.class).forEach(binding -> {
            assertThat(binding.getSubjects()).extracting(s -> s.getName()).containsOnly("threatloop-scanner");
            rules.addAll(manifests.named(Role.class, binding.getRoleRef().getName()).orElseThrow().getRules());
        });
        assertThat(rules).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.getVerbs()).isSubsetOf("get", "list", "watch");
            assertThat(rule.getResources()).doesNotContain("secrets", "*");
        });
        manifests.all(Deployment.class).filter(d -> !d.getMetadata().getName().equals("scanner-service"))
                .forEach(deployment -> {
                    String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
                    assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                            .as(deployment.getMetadata().getName() + " mounts no API token").isFalse();
                    assertThat(manifests.named(ServiceAccount.class, account)).as(account).isPresent();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void theNetworkLetsThroughOnlyWhatIsNeeded(String overlay) {
        Manifests manifests = Manifests.render(overlay);
        NetworkFlows flows = new NetworkFlows(manifests.all(NetworkPolicy.class).toList());
        assertThat(flows.defaultDeny()).as("a default-deny policy for the namespace").isTrue();
        Pod kafka = new Pod(Map.of("strimzi.io/cluster", "threatloop-kafka", "strimzi.io/kind", "Kafka"));
        Pod postgres = new Pod(Map.of("cnpg.io/cluster", "threatloop-db"));
        Pod keycloak = pod(manifests.deployment("keycloak"));
        for (String service : ServiceConfiguration.SERVICES) {
            Deployment deployment = manifests.deployment(service);
            Pod pod = pod(deployment);
            assertThat(flows.egressAllowed(pod, kafka, 9093)).as(service + " -> Kafka").isTrue();
            assertThat(NetworkFlows.selects(listenerPeer(manifests), pod.labels())).as("Kafka listener <- " + service)
                    .isTrue();
            assertThat(flows.egressAllowed(pod, postgres, 5432)).as(service + " -> PostgreSQL").isTrue();
            assertThat(flows.ingressAllowed(pod, postgres, 5432)).as("PostgreSQL <- " + service).isTrue();
            assertThat(flows.egressAllowed(pod, keycloak, 8080)).as(service + " -> Keycloak").isTrue();
            assertThat(flows.ingressAllowed(pod, keycloak, 8080)).as("Keycloak <- " + service).isTrue();
            int http = pod.ports().get("http");
            assertThat(flows.ingressOnlyOn(pod, http)).as(service + " accepts connections on its API port only")
                    .isTrue();
            assertThat(flows.egressAllowed(pod, new Pod(Map.of("app", "anything-else")), 5432))
                    .as(service + " may not reach other databases").isFalse();
        }
        assertThat(flows.egressAllowed(keycloak, postgres, 5432)).as("Keycloak -> PostgreSQL").isTrue();
        assertThat(flows.ingressAllowed(keycloak, postgres, 5432)).as("PostgreSQL <- Keycloak").isTrue();
        assertThat(flows.ingressAllowed(pod(manifests.deployment("model-service")),
                pod(manifests.deployment("risk-service")), 8083)).as("services do not call each other").isFalse();
        Pod risk = pod(manifests.deployment("risk-service"));
        for (String other : List.of("scanner-service", "model-service", "notifier-service")) {
            Pod target = pod(manifests.deployment(other));
            int http = target.ports().get("http");
            assertThat(flows.egressAllowed(risk, target, http) && flows.ingressAllowed(risk, target, http))
                    .as("risk-service reads " + other + "'s readiness for the dashboard").isTrue();
        }
        assertThat(flows.egressAllowed(pod(manifests.deployment("notifier-service")),
                pod(manifests.deployment("scanner-service")), 8081)).as("only risk-service asks the others").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void budgetsAutoscalersAndServicesPointAtRealWorkloads(String overlay) {
        Manifests manifests = Manifests.render(overlay);
        for (Deployment deployment : manifests.all(Deployment.class).toList()) {
            assertThat(NetworkFlows.selects(deployment.getSpec().getSelector(),
                    deployment.getSpec().getTemplate().getMetadata().getLabels()))
                    .as(deployment.getMetadata().getName() + " selects its own pods").isTrue();
            assertThat(manifests.all(PodDisruptionBudget.class).filter(pdb -> NetworkFlows.selects(
                    pdb.getSpec().getSelector(), deployment.getSpec().getTemplate().getMetadata().getLabels())))
                    .as(deployment.getMetadata().getName() + " has a PodDisruptionBudget").hasSize(1);
        }
        for (Service service : manifests.all(Service.class).toList()) {
            assertThat(manifests.all(Deployment.class).anyMatch(deployment -> service.getSpec().getSelector()
                    .entrySet().stream().allMatch(e -> e.getValue().equals(
                            deployment.getSpec().getTemplate().getMetadata().getLabels().get(e.getKey())))))
                    .as("Service " + service.getMetadata().getName() + " has pods").isTrue();
        }
        Set<String> consumers = ServiceConfiguration.SERVICES.stream()
                .filter(service -> !ServiceConfiguration.of(service).consumes().isEmpty()).collect(Collectors.toSet());
        assertThat(manifests.all(HorizontalPodAutoscaler.class).map(hpa -> hpa.getSpec().getScaleTargetRef().getName()))
                .containsExactlyInAnyOrderElementsOf(consumers);
        int partitions = manifests.custom("KafkaTopic").filter(topic -> !String.valueOf(
                        Manifests.spec(topic).get("topicName")).endsWith(".dlq"))
                .mapToInt(topic -> ((Number) Manifests.spec(topic).get("partitions")).intValue()).min().orElseThrow();
        manifests.all(HorizontalPodAutoscaler.class).forEach(hpa -> assertThat(hpa.getSpec().getMaxReplicas())
                .as(hpa.getMetadata().getName() + ": more replicas than partitions would idle")
                .isLessThanOrEqualTo(partitions));
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void keycloakImportsTheRealmAndGetsEveryValueItAsksFor(String overlay) throws IOException {
        Manifests manifests = Manifests.render(overlay);
        String realm = Files.readString(Manifests.root().resolve("k8s/base/keycloak/threatloop-realm.json"));
        assertThat(manifests.named(io.fabric8.kubernetes.api.model.ConfigMap.class, "keycloak-realm").orElseThrow()
                .getData()).containsEntry("threatloop-realm.json", realm);
        Container keycloak = manifests.deployment("keycloak").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(keycloak.getArgs()).contains("--import-realm");
        Matcher placeholder = Pattern.compile("\\$\\{([A-Z0-9_]+)(:[^}]*)?}").matcher(realm);
        Set<String> environment = manifests.environment(keycloak);
        while (placeholder.find()) {
            assertThat(environment).as("Keycloak sets " + placeholder.group(1) + " (the realm's dev-only default"
                    + " must not reach a cluster)").contains(placeholder.group(1));
        }
    }

    private static void requireInEachEntry(Properties properties, String map, String required) {
        Set<String> entries = properties.stringPropertyNames().stream().filter(key -> key.startsWith(map + "."))
                .map(key -> key.substring(map.length() + 1).split("\\.")[0]).collect(Collectors.toSet());
        entries.forEach(entry -> assertThat(properties).as(map + "." + entry).containsKey(map + "." + entry + "."
                + required));
    }

    private static Pod pod(Deployment deployment) {
        Map<String, Integer> ports = new HashMap<>();
        deployment.getSpec().getTemplate().getSpec().getContainers().forEach(container -> {
            for (ContainerPort port : container.getPorts()) {
                if (port.getName() != null) {
                    ports.put(port.getName(), port.getContainerPort());
                }
            }
        });
        return new Pod(deployment.getSpec().getTemplate().getMetadata().getLabels(), ports);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listeners(Manifests manifests) {
        Map<String, Object> kafka = (Map<String, Object>) Manifests.spec(manifests.custom("Kafka").findFirst()
                .orElseThrow()).get("kafka");
        return (List<Map<String, Object>>) kafka.get("listeners");
    }

    @SuppressWarnings("unchecked")
    private static io.fabric8.kubernetes.api.model.LabelSelector listenerPeer(Manifests manifests) {
        List<Map<String, Object>> peers = (List<Map<String, Object>>) listeners(manifests).get(0)
                .get("networkPolicyPeers");
        Map<String, Object> selector = (Map<String, Object>) peers.get(0).get("podSelector");
        return new io.fabric8.kubernetes.api.model.LabelSelector(null,
                (Map<String, String>) selector.get("matchLabels"));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> acls(GenericKubernetesResource user) {
        Map<String, Object> authorization = (Map<String, Object>) Manifests.spec(user).get("authorization");
        Set<String> acls = new TreeSet<>();
        for (Map<String, Object> acl : (List<Map<String, Object>>) authorization.get("acls")) {
            Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
            for (Object operation : (List<Object>) acl.get("operations")) {
                acls.add(resource.get("type") + ":" + resource.getOrDefault("patternType", "literal") + ":"
                        + resource.get("name") + ":" + operation);
            }
        }
        return acls;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Map<String, Object> spec) {
        return (Map<String, Object>) spec.getOrDefault("config", Map.of());
    }

    /** Names under any {@code secret:} / {@code passwordSecret:} of an operator's resource. */
    @SuppressWarnings("unchecked")
    private static void collectSecretNames(Object node, Set<String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ((key.equals("secret") || key.equals("passwordSecret")) && value instanceof Map<?, ?> secret
                        && secret.get("name") != null) {
                    into.add(String.valueOf(secret.get("name")));
                } else {
                    collectSecretNames(value, into);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectSecretNames(item, into));
        }
    }

    /** The backquoted names listed under "## Secrets you create" in k8s/README.md. */
    private static Set<String> documentedSecrets() throws IOException {
        String readme = Files.readString(Manifests.root().resolve("k8s/README.md"));
        int start = readme.indexOf("## Secrets you create");
        assertThat(start).as("k8s/README.md has a section '## Secrets you create'").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Set<String> names = new TreeSet<>();
        Matcher item = Pattern.compile("(?m)^\\|\\s*`([a-z0-9-]+)`").matcher(section);
        while (item.find()) {
            names.add(item.group(1));
        }
        return names;
    }
}
