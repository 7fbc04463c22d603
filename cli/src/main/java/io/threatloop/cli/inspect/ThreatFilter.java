package io.threatloop.cli.inspect;

import io.threatloop.analysis.risk.Severity;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which threats {@code analyze} shows: at or above a severity, in some OWASP categories
 * ({@code API1,API3}), on operations matching a glob ({@code 'GET /v2/*'}, matched against the
 * path as written and as normalised).
 */
record ThreatFilter(Severity minSeverity, List<String> categories, Pattern operation) {

    static ThreatFilter of(String minSeverity, List<String> categories, String operationGlob) {
        return new ThreatFilter(minSeverity == null ? Severity.NOTE : severity(minSeverity, "--min-severity"),
                categories == null ? List.of() : categories.stream().map(c -> c.trim().toUpperCase(Locale.ROOT))
                        .filter(c -> !c.isEmpty()).toList(),
                operationGlob == null ? null : glob(operationGlob));
    }

    /** A severity named on the command line; a wrong one is a usage error naming the option. */
    static Severity severity(String name, String option) {
        try {
            return Severity.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " must be critical, high, medium, low or note, not '" + name + "'");
        }
    }

    boolean shows(AnalyzedThreat threat) {
        return severity(threat.defaultSeverity(), "severity").compareTo(minSeverity) >= 0
                && (categories.isEmpty() || categories.stream().anyMatch(c -> threat.owaspCategory().toUpperCase(Locale.ROOT)
                .startsWith(c.endsWith(":") || c.contains(":") ? c : c + ":")))
                && (operation == null || operation.matcher(threat.target()).matches()
                || operation.matcher(threat.targetAsWritten()).matches());
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }
}
