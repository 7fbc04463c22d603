package io.threatloop.analysis.spec;

import java.util.Locale;

/** Which files in a source are taken for API descriptions. */
public final class SpecFiles {
    private SpecFiles() {
    }

    /**
     * A file is a candidate when its name says so ({@code openapi*}, {@code swagger*},
     * {@code *.openapi.*}) and it is YAML or JSON. Candidates that do not parse become
     * ScanFailed, so a broken spec is reported rather than silently skipped.
     */
    public static boolean isCandidate(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        boolean data = name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
        return data && (name.startsWith("openapi") || name.startsWith("swagger") || name.contains(".openapi."));
    }
}
