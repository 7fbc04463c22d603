package io.threatloop.cli.inspect;

import java.util.List;

/** A threat located in a spec file, as the SARIF report shows it. */
public interface ReportedThreat {

    String ruleId();

    String title();

    String target();

    /** The target as the spec writes it (an operation with its own parameter names), for people to search for. */
    default String targetAsWritten() {
        return target();
    }

    List<String> evidence();

    /** NOTE, LOW, MEDIUM, HIGH or CRITICAL. */
    String severity();

    String file();

    int line();

    /** Why the owners accept it (a suppressed result in SARIF), or null. */
    default String acceptance() {
        return null;
    }
}
