package io.threatloop.cli.inspect;

import io.threatloop.contracts.surface.SurfaceChange;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;

/** Classified changes, security-relevant first, one line each. */
final class ChangePrinter {

    private static final List<String> ORDER = List.of("SECURITY", "BREAKING", "INFO");

    private ChangePrinter() {
    }

    static void print(List<SurfaceChange> changes, String indent, PrintStream out) {
        changes.stream()
                .sorted(Comparator.comparing((SurfaceChange c) -> ORDER.indexOf(c.classification())))
                .forEach(c -> out.printf("%s%-8s %-30s %s%n", indent, c.classification(), c.kind(), c.description()));
    }
}
