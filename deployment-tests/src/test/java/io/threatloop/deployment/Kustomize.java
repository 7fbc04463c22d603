package io.threatloop.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Just enough of {@code kustomize build} to render threatloop's base and overlays (no kustomize
 * binary on the build machines): resources (files and directories), namespace,
 * configMapGenerator with files, strategic-merge patches (by target kind/name or by the
 * patch's own kind and name; lists of named items merged by name; null deletes) and images.
 * It fails where kustomize would: a missing file, a patch that matches nothing.
 */
final class Kustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> CLUSTER_SCOPED = Set.of("ClusterRole", "ClusterRoleBinding", "Namespace",
            "CustomResourceDefinition");

    private Kustomize() {
    }

    static List<ObjectNode> build(Path directory) {
        JsonNode kustomization = read(directory.resolve("kustomization.yaml")).get(0);
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path path = directory.resolve(entry.asText()).normalize();
            resources.addAll(Files.isDirectory(path) ? build(path) : read(path));
        }
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            ObjectNode configMap = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
            configMap.putObject("metadata").put("name", generator.path("name").asText());
            ObjectNode data = configMap.putObject("data");
            for (JsonNode file : generator.path("files")) {
                Path path = directory.resolve(file.asText());
                data.put(path.getFileName().toString(), readString(path));
            }
            resources.add(configMap);
        }
        for (JsonNode patch : kustomization.path("patches")) {
            applyPatch(resources, directory.resolve(patch.path("path").asText()), patch.path("target"));
        }
        for (JsonNode image : kustomization.path("images")) {
            resources.forEach(resource -> containers(resource).forEach(container -> retag(container, image)));
        }
        if (kustomization.hasNonNull("namespace")) {
            resources.stream().filter(resource -> !CLUSTER_SCOPED.contains(resource.path("kind").asText()))
                    .forEach(resource -> ((ObjectNode) resource.path("metadata"))
                            .put("namespace", kustomization.get("namespace").asText()));
        }
        return resources;
    }

    static List<ObjectNode> read(Path file) {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            List<ObjectNode> documents = new ArrayList<>();
            var iterator = YAML.readValues(parser, ObjectNode.class);
            while (iterator.hasNext()) {
                ObjectNode document = iterator.next();
                if (document != null && !document.isEmpty()) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void applyPatch(List<ObjectNode> resources, Path file, JsonNode target) {
        for (ObjectNode patch : read(file)) {
            String kind = target.isMissingNode() ? patch.path("kind").asText() : target.path("kind").asText();
            String name = target.isMissingNode() ? patch.path("metadata").path("name").asText()
                    : target.path("name").asText(null);
            ObjectNode body = patch.deepCopy();
            if (!target.isMissingNode()) {
                body.remove("metadata"); // a targeted patch's own name is a placeholder
            }
            body.remove("apiVersion");
            body.remove("kind");
            List<ObjectNode> matches = resources.stream()
                    .filter(resource -> resource.path("kind").asText().equals(kind))
                    .filter(resource -> name == null || resource.path("metadata").path("name").asText().equals(name))
                    .toList();
            if (matches.isEmpty()) {
                throw new IllegalStateException(file + ": no " + kind + (name == null ? "" : " named " + name)
                        + " to patch");
            }
            matches.forEach(resource -> merge(resource, body));
        }
    }

    /** Strategic merge: objects merged key by key, lists of named objects merged by name, null deletes. */
    static void merge(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            JsonNode current = target.get(field.getKey());
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value);
            } else if (value.isArray() && current != null && current.isArray() && named(value) && named(current)) {
                mergeByName((ArrayNode) current, (ArrayNode) value);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        });
    }

    private static void mergeByName(ArrayNode current, ArrayNode patch) {
        for (JsonNode item : patch) {
            ObjectNode existing = null;
            for (JsonNode candidate : current) {
                if (candidate.path("name").equals(item.path("name"))) {
                    existing = (ObjectNode) candidate;
                }
            }
            if (existing == null) {
                current.add(item.deepCopy());
            } else {
                merge(existing, (ObjectNode) item);
            }
        }
    }

    private static boolean named(JsonNode array) {
        if (array.isEmpty()) {
            return true;
        }
        for (JsonNode item : array) {
            if (!item.isObject() || !item.hasNonNull("name")) {
                return false;
            }
        }
        return true;
    }

    private static List<ObjectNode> containers(ObjectNode resource) {
        List<ObjectNode> containers = new ArrayList<>();
        JsonNode spec = resource.path("spec").path("template").path("spec");
        for (String field : List.of("containers", "initContainers")) {
            spec.path(field).forEach(container -> containers.add((ObjectNode) container));
        }
        return containers;
    }

    private static void retag(ObjectNode container, JsonNode image) {
        String reference = container.path("image").asText();
        int colon = reference.lastIndexOf(':');
        String name = colon > reference.lastIndexOf('/') ? reference.substring(0, colon) : reference;
        String tag = colon > reference.lastIndexOf('/') ? reference.substring(colon + 1) : "latest";
        if (name.equals(image.path("name").asText())) {
            container.put("image", image.path("newName").asText(name) + ":" + image.path("newTag").asText(tag));
        }
    }

    private static String readString(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
