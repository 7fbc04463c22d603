package io.threatloop.deployment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A rendered kustomization as Fabric8 objects: core kinds typed (Deployment, ConfigMap, ...),
 * the operators' custom resources (Strimzi, CloudNativePG) generic.
 */
record Manifests(String name, List<HasMetadata> resources) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Manifests render(String kustomization) {
        List<ObjectNode> nodes = Kustomize.build(ServiceConfiguration.ROOT.resolve("k8s").resolve(kustomization));
        return new Manifests(kustomization, nodes.stream()
                .map(node -> (HasMetadata) SERIALIZATION.unmarshal(node.toString(), KubernetesResource.class))
                .toList());
    }

    <T extends HasMetadata> Stream<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast);
    }

    Stream<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).filter(resource -> resource.getKind().equals(kind));
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).filter(resource -> resource.getMetadata().getName().equals(name)).findFirst();
    }

    Deployment deployment(String name) {
        return named(Deployment.class, name).orElseThrow(() -> new AssertionError(this.name + ": no Deployment " + name));
    }

    /** The environment variables a container gets: its own and those of the ConfigMaps it takes whole. */
    Set<String> environment(Container container) {
        Set<String> names = new TreeSet<>();
        container.getEnv().forEach(variable -> names.add(variable.getName()));
        container.getEnvFrom().stream().filter(source -> source.getConfigMapRef() != null)
                .forEach(source -> names.addAll(named(ConfigMap.class, source.getConfigMapRef().getName())
                        .orElseThrow(() -> new AssertionError(name + ": no ConfigMap "
                                + source.getConfigMapRef().getName())).getData().keySet()));
        return names;
    }

    /** The properties of the ConfigMap mounted as the service's application.properties. */
    Properties mountedProperties(Deployment deployment) {
        Properties properties = new Properties();
        deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getConfigMap() != null)
                .map(volume -> named(ConfigMap.class, volume.getConfigMap().getName()).orElseThrow())
                .map(configMap -> configMap.getData().get("application.properties"))
                .filter(java.util.Objects::nonNull)
                .forEach(text -> {
                    try {
                        properties.load(new StringReader(text));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        return properties;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    static Path root() {
        return ServiceConfiguration.ROOT;
    }
}
