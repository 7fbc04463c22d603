package io.threatloop.analysis.spec;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** Which files in a source are taken for API descriptions. */
public final class SpecFiles {

    private static final Pattern ROOT_KEY = Pattern.compile(
            "(?m)^(\\s*\\{?\\s*)?[\"']?(openapi|swagger)[\"']?\\s*:");

    private SpecFiles() {
    }

    /** What {@link #isCandidate} and {@link #looksLikeSpec} take for an API description, in words. */
    public static final String WHAT_IS_LOOKED_FOR = "YAML or JSON files named openapi*, swagger* or *.openapi.*,"
            + " and other YAML or JSON files whose top level has an openapi or swagger key";

    public static boolean isYamlOrJson(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    /**
     * A file is a spec by name ({@code openapi*}, {@code swagger*}, {@code *.openapi.*}) and
     * YAML or JSON. Such files that do not parse become ScanFailed, so a broken spec is
     * reported rather than silently skipped.
     */
    public static boolean isCandidate(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return isYamlOrJson(name) && (name.startsWith("openapi") || name.startsWith("swagger")
                || name.contains(".openapi."));
    }

    /** Any other YAML or JSON file is a spec when it starts with an {@code openapi}/{@code swagger} key. */
    public static boolean looksLikeSpec(String path, byte[] content) {
        if (!isYamlOrJson(path)) {
            return false;
        }
        String head = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.UTF_8);
        var matcher = ROOT_KEY.matcher(head);
        return matcher.find() && (matcher.group(1) == null || matcher.group(1).isBlank() || matcher.group(1).contains("{"))
                && isTopLevel(head, matcher.start(2));
    }

    private static boolean isTopLevel(String head, int index) {
        int lineStart = head.lastIndexOf('\n', index) + 1;
        String indent = head.substring(lineStart, index).replace("\"", "").replace("'", "").replace("{", "");
        return indent.isBlank() && (indent.isEmpty() || head.stripLeading().startsWith("{"));
    }
}
