package io.threatloop.cli.gate;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A {@link GateResult} for people: plain text for a terminal, Markdown for a pull-request comment. */
final class GateReport {

    private GateReport() {
    }

    static void text(GateResult result, PrintStream out) {
        out.printf("threatloop gate %s: %s %s..%s, fail on %s and above%n", result.passed() ? "PASSED" : "FAILED",
                result.application(), abbreviated(result.base()), abbreviated(result.head()), result.failOn());
        out.printf("risk: %s -> %s (%s -> %s)%n", highest(result.before()), highest(result.after()),
                counts(result.before()), counts(result.after()));
        if (!result.specs().isEmpty()) {
            out.println();
            out.println("specs changed:");
            for (GateResult.SpecDelta spec : result.specs()) {
                out.printf("  %-10s %s%s%n", spec.change(), spec.path(), spec.error() == null ? "" : ": " + spec.error());
                spec.changes().forEach(change -> out.println("             " + change));
            }
        }
        section("introduced", result.introduced(), out);
        section("resolved", result.resolved(), out);
        if (!result.rerated().isEmpty()) {
            out.println();
            out.println("rated differently:");
            result.rerated().forEach(r -> out.printf("  %s -> %s  %s on %s%n", r.from(), r.to(), r.ruleId(), r.target()));
        }
        if (!result.passed()) {
            out.println();
            out.println("why it fails:");
            result.failures().forEach(f -> out.println("  - " + f));
        }
    }

    private static void section(String title, List<GateThreat> threats, PrintStream out) {
        if (threats.isEmpty()) {
            return;
        }
        out.println();
        out.println(title + " (" + threats.size() + "):");
        for (GateThreat t : threats) {
            out.printf("  [%s] %s %s on %s (%s:%d)%s%n", t.severity(), t.ruleId(), t.title(), t.target(), t.file(),
                    t.line(), t.accepted() ? " accepted: " + t.acceptance() : "");
        }
    }

    static void markdown(GateResult result, PrintStream out) {
        int blocking = (int) result.failures().stream().filter(f -> f.startsWith("introduces ")).count();
        out.println(result.passed()
                ? "### :white_check_mark: threatloop: no new threat at " + result.failOn() + " or above"
                : "### :x: threatloop: " + (blocking > 0 ? blocking + " new threat(s) at " + result.failOn()
                + " or above" : "the change cannot be checked"));
        out.println();
        out.printf("**%s** `%s` → `%s` · highest risk %s → %s%n", escape(result.application()), abbreviated(result.base()),
                abbreviated(result.head()), highest(result.before()), highest(result.after()));
        out.println();
        out.println("| severity | before | after |");
        out.println("|---|---:|---:|");
        result.after().bySeverity().forEach((severity, after) -> out.printf("| %s | %d | %d |%n",
                severity.toLowerCase(Locale.ROOT), result.before().bySeverity().get(severity), after));
        out.printf("| accepted | %d | %d |%n", result.before().accepted(), result.after().accepted());
        if (!result.passed()) {
            out.println();
            result.failures().forEach(f -> out.println("- " + escape(f)));
        }
        if (!result.introduced().isEmpty()) {
            out.println();
            out.println("#### Introduced (" + result.introduced().size() + ")");
            out.println();
            out.println("| severity | threat | where | countermeasure |");
            out.println("|---|---|---|---|");
            for (GateThreat t : result.introduced()) {
                out.printf("| %s | %s %s | `%s` `%s:%d` | %s |%n",
                        t.accepted() ? t.severity() + " (accepted: " + escape(t.acceptance()) + ")" : "**" + t.severity() + "**",
                        t.ruleId(), escape(t.title()), code(t.target()), code(t.file()), t.line(),
                        escape(t.countermeasures().isEmpty() ? "" : t.countermeasures().get(0)));
            }
            out.println();
            out.println("<details><summary>Evidence</summary>");
            out.println();
            for (GateThreat t : result.introduced()) {
                out.printf("- **%s** on `%s`: %s%n", t.ruleId(), code(t.target()), escape(String.join("; ", t.evidence())));
            }
            out.println();
            out.println("</details>");
        }
        if (!result.resolved().isEmpty()) {
            out.println();
            out.println("#### Resolved (" + result.resolved().size() + ")");
            out.println();
            result.resolved().forEach(t -> out.printf("- ~~%s %s~~ on `%s`%n", t.severity(), t.ruleId(), code(t.target())));
        }
        if (!result.rerated().isEmpty()) {
            out.println();
            out.println("#### Rated differently (" + result.rerated().size() + ")");
            out.println();
            result.rerated().forEach(r -> out.printf("- %s → %s %s on `%s`%n", r.from(), r.to(), r.ruleId(),
                    code(r.target())));
        }
        if (!result.specs().isEmpty()) {
            out.println();
            out.println("<details><summary>Specs changed (" + result.specs().size() + ")</summary>");
            out.println();
            for (GateResult.SpecDelta spec : result.specs()) {
                out.printf("- `%s` %s%s%n", code(spec.path()), spec.change(),
                        spec.error() == null ? "" : ": " + escape(spec.error()));
                spec.changes().forEach(change -> out.println("  - " + escape(change)));
            }
            out.println();
            out.println("</details>");
        }
    }

    private static String abbreviated(String commit) {
        return commit.substring(0, Math.min(8, commit.length()));
    }

    private static String highest(RiskSummary summary) {
        return summary.highest() == null ? "none" : summary.highest();
    }

    private static String counts(RiskSummary summary) {
        return summary.bySeverity().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey().toLowerCase(Locale.ROOT))
                .collect(Collectors.collectingAndThen(Collectors.joining(", "), s -> s.isEmpty() ? "no threats" : s));
    }

    /** Inside a code span only a pipe (table cell) and a backtick (end of span) need care. */
    private static String code(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("`", "'").replace("\n", " ");
    }

    /** Text from specs and people, safe inside a Markdown table cell. */
    private static String escape(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
