package io.threatloop.analysis.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the elements threats are about are written in a spec file: the line of each operation
 * ({@code GET /accounts/{}}), server ({@code server <url>}), security scheme
 * ({@code security scheme <name>}) and of {@code paths}, so reports (SARIF) can point at them.
 * Targets it does not know fall back to the line of the nearest thing it does.
 */
public final class SpecLocations {

    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    private final Map<String, Integer> lines;
    private final Map<String, String> written;

    private SpecLocations(Map<String, Integer> lines, Map<String, String> written) {
        this.lines = lines;
        this.written = written;
    }

    /** Reads the locations of a spec's text; a document that cannot be read gives only line 1. */
    public static SpecLocations of(byte[] content) {
        Map<String, Integer> lines = new HashMap<>();
        Map<String, String> written = new HashMap<>();
        String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
        boolean json = text.stripLeading().startsWith("{");
        try (JsonParser parser = json ? JSON.createParser(text) : YAML.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    field(parser, lines, written);
                } else if (token == JsonToken.VALUE_STRING && "url".equals(parser.currentName())) {
                    String[] path = path(parser.getParsingContext());
                    if (path.length == 3 && path[0].equals("servers")) {
                        lines.putIfAbsent("server " + parser.getText(), line(parser));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // a spec the normalizer read but this reader cannot: report everything at line 1
        }
        return new SpecLocations(lines, written);
    }

    private static void field(JsonParser parser, Map<String, Integer> lines, Map<String, String> written)
            throws IOException {
        String[] path = path(parser.getParsingContext());
        int line = line(parser);
        if (path.length == 1 && (path[0].equals("paths") || path[0].equals("host") || path[0].equals("servers"))) {
            lines.putIfAbsent(path[0], line);
        } else if (path.length == 3 && path[0].equals("paths")
                && SurfaceExtractor.METHODS.contains(path[2].toLowerCase(Locale.ROOT))) {
            String operation = path[2].toUpperCase(Locale.ROOT) + " " + SurfaceExtractor.normalizePath(path[1]);
            lines.putIfAbsent(operation, line);
            written.putIfAbsent(operation, path[2].toUpperCase(Locale.ROOT) + " " + path[1]);
        } else if ((path.length == 3 && path[0].equals("components") && path[1].equals("securitySchemes"))
                || (path.length == 2 && path[0].equals("securityDefinitions"))) {
            lines.putIfAbsent("security scheme " + path[path.length - 1], line);
        }
    }

    /** The field names (and array indexes) from the root to the current token. */
    private static String[] path(JsonStreamContext context) {
        Deque<String> names = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            names.addFirst(c.inArray() ? String.valueOf(c.getCurrentIndex()) : String.valueOf(c.getCurrentName()));
        }
        return names.toArray(String[]::new);
    }

    private static int line(JsonParser parser) {
        return Math.max(1, parser.currentTokenLocation().getLineNr());
    }

    /**
     * A target as the spec writes it, so that it can be searched for: an operation with its own
     * parameter names ({@code GET /accounts/{accountId}}), anything else as it is.
     */
    public String asWritten(String target) {
        return written.getOrDefault(target, target);
    }

    /** The line of a threat's target; servers fall back to {@code servers} or {@code host}, the rest to {@code paths}. */
    public int lineOf(String target) {
        Integer exact = lines.get(target);
        if (exact != null) {
            return exact;
        }
        if (target.startsWith("server ")) {
            return lines.getOrDefault("servers", lines.getOrDefault("host", 1));
        }
        return lines.getOrDefault("paths", 1);
    }
}
