package io.threatloop.cli.inspect;

import io.threatloop.analysis.spec.NormalizedSpec;
import io.threatloop.analysis.spec.SpecException;
import io.threatloop.analysis.spec.SpecLocations;
import io.threatloop.analysis.threats.RuleCatalogue;
import io.threatloop.contracts.EventCodec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code threatloop analyze <spec> [--json|--sarif]}: the threats the rule catalogue finds in one
 * API description, with evidence and countermeasures. Exit 0 when it could be read (threats or
 * not), 1 when it could not, 2 on wrong usage.
 */
public final class AnalyzeCommand {

    static final String USAGE = "usage: threatloop analyze <spec> [--json|--sarif]";

    private AnalyzeCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        boolean json = args.contains("--json");
        boolean sarif = args.contains("--sarif");
        List<String> files = args.stream().filter(a -> !a.startsWith("--")).toList();
        if (files.size() != 1 || (json && sarif) || args.stream().anyMatch(a -> a.startsWith("--")
                && !a.equals("--json") && !a.equals("--sarif"))) {
            err.println(USAGE);
            return 2;
        }
        Path file = Path.of(files.get(0));
        NormalizedSpec spec;
        byte[] content;
        try {
            content = DiffCommand.content(file);
            spec = DiffCommand.read(file, content);
        } catch (SpecException e) {
            err.println("threatloop analyze: " + e.location() + ": " + e.getMessage());
            return 1;
        }
        SpecLocations locations = SpecLocations.of(content);
        String uri = file.toString().replace('\\', '/');
        List<AnalyzedThreat> threats = RuleCatalogue.evaluate(spec.surface()).stream()
                .map(finding -> AnalyzedThreat.of(finding, uri, locations)).toList();
        if (sarif) {
            out.println(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                    SarifReport.of(threats, RuleCatalogue.definitions())));
        } else if (json) {
            out.println(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(threats));
        } else {
            printText(spec, threats, out);
        }
        return 0;
    }

    private static void printText(NormalizedSpec spec, List<AnalyzedThreat> threats, PrintStream out) {
        out.printf("%s: %d operation(s), %d threat(s)%n", spec.path(), spec.surface().operations().size(),
                threats.size());
        Map<String, List<AnalyzedThreat>> byCategory = new TreeMap<>();
        threats.forEach(t -> byCategory.computeIfAbsent(t.owaspCategory(), c -> new java.util.ArrayList<>()).add(t));
        byCategory.forEach((category, inCategory) -> {
            out.printf("%n%s (%d)%n", category, inCategory.size());
            for (AnalyzedThreat t : inCategory) {
                out.printf("  [%s] %s  %s — %s (%s, %s, line %d)%n", t.defaultSeverity(), t.ruleId(), t.title(),
                        t.target(), t.stride(), t.cwe(), t.line());
                t.evidence().forEach(e -> out.println("      evidence: " + e));
                out.println("      countermeasure: " + t.countermeasures().get(0));
            }
        });
        spec.findings().forEach(f -> out.println("note: " + f));
    }

}
