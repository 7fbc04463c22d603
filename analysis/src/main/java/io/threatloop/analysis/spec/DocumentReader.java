package io.threatloop.analysis.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads one YAML or JSON document into a tree within fixed bounds, so a hostile file costs
 * bounded time and memory: size, UTF-8 only, YAML aliases (billion laughs), nesting depth.
 */
public final class DocumentReader {

    /** Larger documents are refused rather than risking the scanner's memory. */
    static final int MAX_BYTES = 16 * 1024 * 1024;
    static final int MAX_DEPTH = 500;
    static final int MAX_ALIASES = 50;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxDocumentLength(MAX_BYTES)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(CONSTRAINTS).build());
    private static final ObjectMapper YAML;

    static {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).streamReadConstraints(CONSTRAINTS).build());
    }

    private DocumentReader() {
    }

    /** A document's tree, and whether it has a {@code $ref} to another file (seen while reading). */
    public record Document(JsonNode tree, boolean externalRefs) {
    }

    /** Reads one document, leniently; see {@link #readDocument}. */
    public static JsonNode read(String path, byte[] content, java.util.List<String> findings) throws SpecException {
        return readDocument(path, content, findings, false).tree();
    }

    /** Reads one document; {@code strict} refuses the YAML slips {@link LenientYaml} forgives. */
    public static JsonNode read(String path, byte[] content, java.util.List<String> findings, boolean strict)
            throws SpecException {
        return readDocument(path, content, findings, strict).tree();
    }

    /**
     * Reads one document, YAML that fails strictly read a second time leniently ({@link LenientYaml}:
     * a tab that is not indentation, a trailing document marker), each assumption in the findings;
     * {@code strict} reports the first reading's problem instead.
     */
    public static Document readDocument(String path, byte[] content, java.util.List<String> findings, boolean strict)
            throws SpecException {
        try {
            return readDocument(path, content, findings, strict ? "refuse" : "note");
        } catch (SpecException strictly) {
            String text = new String(content, StandardCharsets.UTF_8);
            if (strict || text.stripLeading().startsWith("{") || !strictly.getMessage().startsWith("invalid YAML")) {
                throw strictly;
            }
            LenientYaml.Repair repair = LenientYaml.repair(text);
            if (!repair.changed()) {
                throw strictly;
            }
            java.util.List<String> lenient = new java.util.ArrayList<>();
            Document document;
            try {
                document = readDocument(path, repair.text().getBytes(StandardCharsets.UTF_8), lenient);
            } catch (SpecException stillNot) {
                throw strictly;
            }
            repair.notes().forEach(note -> findings.add(path + ": " + note + " (read leniently; --strict refuses it)"));
            findings.addAll(lenient);
            return document;
        }
    }

    /**
     * Reads one document. YAML aliases are not expanded by this reader (an alias reads as its
     * anchor's name), so an alias bomb cannot grow; a document with more than
     * {@link #MAX_ALIASES} aliases is refused, fewer are named in the findings. References to
     * other files are noticed on the way, so the common self-contained spec is not walked again.
     */
    public static Document readDocument(String path, byte[] content, java.util.List<String> findings)
            throws SpecException {
        return readDocument(path, content, findings, "note");
    }

    /**
     * {@code duplicates} says what a key given twice in one mapping does: "note" it in the
     * findings (the last value is used, as the applications that load such specs do) or "refuse"
     * the document.
     */
    private static Document readDocument(String path, byte[] content, java.util.List<String> findings,
                                         String duplicates) throws SpecException {
        if (content.length > MAX_BYTES) {
            throw new SpecException("spec is " + content.length + " bytes, above the limit of " + MAX_BYTES, path);
        }
        String text = decodeUtf8(path, content);
        boolean json = text.stripLeading().startsWith("{");
        try {
            WatchingParser parser = json ? new WatchingParser(JSON.getFactory().createParser(text), null)
                    : new WatchingParser(null, (YAMLParser) YAML.getFactory().createParser(text));
            JsonNode tree = (json ? JSON : YAML).readTree(parser);
            if (parser.aliases > 0) {
                findings.add(path + ": " + parser.aliases + " YAML alias(es) read as their anchor names, not expanded");
            }
            if (tree == null || tree.isMissingNode()) {
                throw new SpecException("empty document", path);
            }
            if (!parser.duplicates.isEmpty() && duplicates.equals("refuse")) {
                String first = parser.duplicates.get(0);
                throw new SpecException("invalid YAML/JSON: " + first.substring(first.indexOf(": ") + 2),
                        path + ":" + first.substring("line ".length(), first.indexOf(':')));
            }
            parser.duplicates.forEach(d -> findings.add(path + ": " + d + " (read leniently; --strict refuses it)"));
            return new Document(tree, parser.externalRefs);
        } catch (TooManyAliases e) {
            throw new SpecException("YAML uses more than " + MAX_ALIASES + " aliases (alias bombs are refused)", path);
        } catch (JsonProcessingException e) {
            throw problem(path, e);
        } catch (java.io.IOException e) {
            throw new SpecException("unreadable document: " + e.getMessage(), path);
        } catch (IllegalStateException | IllegalArgumentException | StackOverflowError e) {
            throw new SpecException("unreadable document: " + e.getClass().getSimpleName() + " " + e.getMessage(), path);
        }
    }

    /**
     * Watches the tokens while the tree is read: counts YAML aliases (and stops reading past
     * the limit) and notices a {@code $ref} whose target is not inside this document.
     */
    private static final class WatchingParser extends JsonParserDelegate {
        private final YAMLParser yaml;
        private int aliases;
        private boolean externalRefs;
        /** The keys of each mapping open around the current token, to see a key given twice. */
        private final java.util.ArrayDeque<java.util.Set<String>> keys = new java.util.ArrayDeque<>();
        private final java.util.List<String> duplicates = new java.util.ArrayList<>();

        WatchingParser(JsonParser parser, YAMLParser yaml) {
            super(yaml != null ? yaml : parser);
            this.yaml = yaml;
        }

        @Override
        public JsonToken nextToken() throws java.io.IOException {
            JsonToken token = super.nextToken();
            if (yaml != null && yaml.isCurrentAlias() && ++aliases > MAX_ALIASES) {
                throw new TooManyAliases(yaml);
            }
            if (token == JsonToken.START_OBJECT) {
                keys.push(new java.util.HashSet<>());
            } else if (token == JsonToken.END_OBJECT) {
                keys.poll();
            } else if (token == JsonToken.FIELD_NAME && !keys.isEmpty() && !keys.peek().add(currentName())
                    && duplicates.size() < 20) {
                duplicates.add("line " + currentLocation().getLineNr() + ": duplicate key '" + currentName()
                        + "', the last value was used");
            }
            if (token == JsonToken.VALUE_STRING && !externalRefs && "$ref".equals(currentName())
                    && !getText().startsWith("#")) {
                externalRefs = true;
            }
            return token;
        }
    }

    private static final class TooManyAliases extends JsonProcessingException {
        TooManyAliases(JsonParser parser) {
            super("too many aliases", parser.currentLocation());
        }
    }

    private static SpecException problem(String path, JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            // SnakeYAML's own problem and mark are precise; Jackson's message repeats them over lines
            String context = yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")";
            String problem = yaml.getProblem();
            // SnakeYAML says "do not use \t for indentation" of any tab; say where this one is
            if (problem != null && problem.contains("\\t") && !tabIndents(yaml.getProblemMark().get_snippet())) {
                problem = "a tab character where YAML allows only spaces (replace it with a space)";
                context = "";
            }
            return new SpecException("invalid YAML/JSON: " + problem + context,
                    path + ":" + (yaml.getProblemMark().getLine() + 1) + ":" + (yaml.getProblemMark().getColumn() + 1));
        }
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        if (e.getCause() != null && e.getCause().getMessage() != null && message.contains("YAML")) {
            message = e.getCause().getMessage();
        }
        JsonLocation at = e.getLocation();
        String location = at == null || at.getLineNr() < 0 ? path : path + ":" + at.getLineNr() + ":" + at.getColumnNr();
        return new SpecException("invalid YAML/JSON: " + message.lines().findFirst().orElse(""), location);
    }

    /** Whether a line (SnakeYAML's snippet of it) starts with a tab: then the tab is indentation. */
    private static boolean tabIndents(String snippet) {
        String line = snippet == null ? "" : snippet.lines().findFirst().orElse("");
        return line.stripLeading().length() < line.length() && line.replace(" ", "").startsWith("\t");
    }

    private static String decodeUtf8(String path, byte[] content) throws SpecException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new SpecException("not UTF-8 text (binary file or another encoding)", path);
        }
    }
}
