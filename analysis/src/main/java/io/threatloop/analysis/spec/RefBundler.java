package io.threatloop.analysis.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes one self-contained document out of a spec split over several files: every {@code $ref}
 * to another file of the same source is replaced by the node it points to (and so are the
 * internal references of those files). Nothing outside the source is ever read: remote
 * ({@code http:}, {@code https:}, {@code //host}) and escaping ({@code ../} above the root,
 * absolute, {@code file:}) references are removed and named in the findings.
 * <p>
 * Bounded, so references cannot be used as a memory bomb: a reference cycle is cut (and
 * named); a target is copied once and shared by every reference to it (unless a cycle was cut
 * inside it, where the copy depends on the path taken), so memory grows with the files read,
 * not with how often they are referenced; at most {@link #MAX_COPIED_NODES} nodes are copied,
 * the document as its readers see it (shared parts counted at every reference) has at most
 * {@link #MAX_EXPANDED_NODES} nodes, and the referenced files hold at most
 * {@link #MAX_TOTAL_BYTES} bytes together.
 */
final class RefBundler {

    static final int MAX_COPIED_NODES = 2_000_000;
    static final long MAX_EXPANDED_NODES = 5_000_000;
    static final long MAX_TOTAL_BYTES = 64L * 1024 * 1024;

    private final SpecSource source;
    private final List<String> findings;
    private final Map<String, JsonNode> documents = new HashMap<>();
    private final Set<String> files = new LinkedHashSet<>();
    private final Deque<String> stack = new ArrayDeque<>();
    /** Inlined targets without a cut cycle inside, with their expanded size: the same for every reference. */
    private final Map<String, Shared> shared = new HashMap<>();
    private int copied;
    private long expanded;
    private long bytesRead;
    private int cuts;

    private record Shared(JsonNode node, long expandedNodes) {
    }

    private final boolean strict;

    private RefBundler(SpecSource source, List<String> findings, boolean strict) {
        this.source = source;
        this.findings = findings;
        this.strict = strict;
    }

    /** The bundled document and the files it was made of (root first). */
    record Bundle(JsonNode tree, Set<String> files) {
    }

    static Bundle bundle(String rootPath, DocumentReader.Document document, SpecSource source, List<String> findings,
                         boolean strict) throws SpecException {
        JsonNode root = document.tree();
        if (!document.externalRefs()) {
            return new Bundle(root, Set.of(rootPath)); // the common case: nothing to inline, nothing to copy
        }
        RefBundler bundler = new RefBundler(source, findings, strict);
        bundler.documents.put(rootPath, root);
        bundler.files.add(rootPath);
        JsonNode tree = bundler.walk(root, rootPath, true);
        return new Bundle(tree, bundler.files);
    }

    /** Returns the node with external references inlined; {@code inRoot} keeps root-internal refs as refs. */
    private JsonNode walk(JsonNode node, String file, boolean inRoot) throws SpecException {
        if (++copied > MAX_COPIED_NODES) {
            throw new SpecException("references expand the spec beyond " + MAX_COPIED_NODES
                    + " copied nodes (the limit of the reference bundler)", file);
        }
        countExpanded(1, file);
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                JsonNode resolved = resolveRef(ref.asText(), file, inRoot);
                if (resolved != null) {
                    return resolved;
                }
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("$ref") && !keepsRef(field.getValue(), inRoot)) {
                    continue;
                }
                copy.set(field.getKey(), walk(field.getValue(), file, inRoot));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : node) {
                copy.add(walk(item, file, inRoot));
            }
            return copy;
        }
        return node;
    }

    private static boolean keepsRef(JsonNode ref, boolean inRoot) {
        return inRoot && ref.isTextual() && ref.asText().startsWith("#");
    }

    /** The inlined target, or null to keep (root-internal) or drop (reported) the reference. */
    private JsonNode resolveRef(String ref, String file, boolean inRoot) throws SpecException {
        int hash = ref.indexOf('#');
        String target = hash < 0 ? ref : ref.substring(0, hash);
        String pointer = hash < 0 ? "" : ref.substring(hash + 1);
        if (target.isEmpty()) {
            return inRoot ? null : inline(file, pointer);
        }
        String lower = target.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http:") || lower.startsWith("https:") || lower.startsWith("//")) {
            findings.add("remote $ref not fetched (server-side request forgery risk): " + ref + " in " + file);
            return JsonNodeFactory.instance.objectNode();
        }
        String resolvedPath = resolvePath(file, target);
        if (resolvedPath == null) {
            findings.add("$ref outside the source not followed: " + ref + " in " + file);
            return JsonNodeFactory.instance.objectNode();
        }
        return inline(resolvedPath, pointer);
    }

    private JsonNode inline(String path, String pointer) throws SpecException {
        String key = path + "#" + pointer;
        if (stack.contains(key)) {
            cuts++;
            findings.add("recursive $ref cut at " + key);
            return JsonNodeFactory.instance.objectNode().put("description", "recursive reference to " + key);
        }
        Shared known = shared.get(key);
        if (known != null) {
            countExpanded(known.expandedNodes(), path);
            return known.node();
        }
        JsonNode document = document(path);
        if (document == null) {
            findings.add("$ref to a missing file: " + path);
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode target = pointer.isEmpty() ? document : document.at(pointerOf(pointer));
        if (target.isMissingNode()) {
            findings.add("$ref to nothing: " + key);
            return JsonNodeFactory.instance.objectNode();
        }
        stack.push(key);
        int cutsBefore = cuts;
        long expandedBefore = expanded;
        try {
            JsonNode copy = walk(target, path, false);
            if (cuts == cutsBefore) {
                shared.put(key, new Shared(copy, expanded - expandedBefore));
            }
            return copy;
        } finally {
            stack.pop();
        }
    }

    private void countExpanded(long count, String file) throws SpecException {
        expanded += count;
        if (expanded > MAX_EXPANDED_NODES) {
            throw new SpecException("references expand the spec beyond " + MAX_EXPANDED_NODES
                    + " nodes (the limit of the reference bundler; a schema referenced very often?)", file);
        }
    }

    private JsonNode document(String path) throws SpecException {
        if (documents.containsKey(path)) {
            return documents.get(path);
        }
        byte[] content;
        try {
            content = source.read(path);
        } catch (IOException e) {
            throw new SpecException("cannot read referenced file " + path + ": " + e.getMessage(), path);
        }
        if (content != null && (bytesRead += content.length) > MAX_TOTAL_BYTES) {
            throw new SpecException("the files this spec references hold more than " + MAX_TOTAL_BYTES
                    + " bytes together (the limit of the reference bundler)", path);
        }
        JsonNode document = content == null ? null : DocumentReader.read(path, content, findings, strict);
        documents.put(path, document);
        if (document != null) {
            files.add(path);
        }
        return document;
    }

    /** {@code dir/a.yaml} + {@code ../b.yaml} -> {@code b.yaml}; null when it leaves the root. */
    static String resolvePath(String from, String relative) {
        String decoded = URLDecoder.decode(relative, StandardCharsets.UTF_8);
        if (decoded.startsWith("/") || decoded.contains(":") || decoded.contains("\\")) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        int slash = from.lastIndexOf('/');
        if (slash > 0) {
            for (String part : from.substring(0, slash).split("/")) {
                parts.addLast(part);
            }
        }
        for (String part : decoded.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }

    /** A JSON pointer from the part after {@code #} of a reference. */
    static com.fasterxml.jackson.core.JsonPointer pointerOf(String fragment) {
        try {
            return com.fasterxml.jackson.core.JsonPointer.compile(unescape(fragment));
        } catch (IllegalArgumentException e) {
            return com.fasterxml.jackson.core.JsonPointer.compile("/~1invalid~1pointer");
        }
    }

    private static String unescape(String pointer) {
        String decoded = URLDecoder.decode(pointer.replace("+", "%2B"), StandardCharsets.UTF_8);
        return decoded.startsWith("/") ? decoded : "/" + decoded;
    }
}
