package io.threatloop.cli.inspect;

import io.threatloop.analysis.spec.NormalizedSpec;
import io.threatloop.analysis.spec.SpecException;
import io.threatloop.analysis.spec.SpecLocations;
import io.threatloop.analysis.threats.RuleCatalogue;
import io.threatloop.contracts.EventCodec;

import io.threatloop.cli.Cli;
import io.threatloop.cli.CliCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code threatloop analyze <spec> [--json|--sarif]}: the threats the rule catalogue finds in one
 * API description, with evidence and countermeasures. Exit 0 when it could be read (threats or
 * not), 1 when it could not, 2 on wrong usage.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"The threats in one API description (OWASP API Security Top 10 2023, identity, parameter and"
                + " man-in-the-middle attacks) with evidence and countermeasures."},
        footer = {"", "Examples:", "  threatloop analyze openapi.yaml",
                "  threatloop analyze openapi.yaml --min-severity high --category API1,API3",
                "  threatloop analyze openapi.yaml --operation 'GET /v2/*' --expand",
                "  threatloop analyze openapi.yaml --fail-on high --sarif > threats.sarif   # a CI step",
                "", "Exit codes: 0 read (threats or not), 1 unreadable, or a threat at --fail-on or above, 2 wrong usage."})
public final class AnalyzeCommand extends CliCommand {

    @Parameters(paramLabel = "<spec>")
    Path file;

    @picocli.CommandLine.ArgGroup
    Format format = new Format();

    @Option(names = "--min-severity", paramLabel = "SEVERITY", description = "only threats at critical, high, medium, low or note and above")
    String minSeverity;

    @Option(names = "--category", paramLabel = "CATEGORIES", split = ",",
            description = "only these OWASP categories, e.g. API1,API3")
    List<String> categories;

    @Option(names = "--operation", paramLabel = "GLOB", description = "only threats on operations like 'GET /v2/*'")
    String operation;

    @Option(names = "--expand", description = "one entry per operation, also for a rule that fires on many")
    boolean expand;

    @Option(names = "--strict", description = "refuse the YAML slips read leniently otherwise (a tab after a colon)")
    boolean strict;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "exit 1 when a threat shown is at this severity or above, as gate does")
    String failOn;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** At most one machine format. */
    static final class Format {
        @Option(names = "--json", description = "every threat as JSON")
        boolean json;

        @Option(names = "--sarif", description = "SARIF 2.1.0, for code-scanning UIs")
        boolean sarif;
    }


    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return Cli.execute("analyze", args, out, err);
    }

    @Override
    public Integer call() throws IOException {
        boolean json = format.json;
        boolean sarif = format.sarif;
        ThreatFilter filter;
        io.threatloop.analysis.risk.Severity failAt;
        try {
            filter = ThreatFilter.of(minSeverity, categories, operation);
            failAt = failOn == null ? null : ThreatFilter.severity(failOn, "--fail-on");
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        NormalizedSpec spec;
        byte[] content;
        Runnable read = new TerminalProgress(err).announce("threatloop analyze: reading " + file + " ...");
        try {
            content = DiffCommand.content(file);
            spec = DiffCommand.read(file, content, strict);
        } catch (SpecException e) {
            err.println("threatloop analyze: " + e.location() + ": " + e.getMessage());
            return 1;
        } finally {
            read.run();
        }
        SpecLocations locations = SpecLocations.of(content);
        String uri = file.toString().replace('\\', '/');
        List<AnalyzedThreat> all = RuleCatalogue.evaluate(spec.surface()).stream()
                .map(finding -> AnalyzedThreat.of(finding, uri, locations)).toList();
        AnalysisReport report = new AnalysisReport(spec);
        List<AnalyzedThreat> threats = all.stream().filter(filter::shows).toList();
        if (sarif) {
            out.println(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                    SarifReport.of(threats, RuleCatalogue.definitions())));
        } else if (json) {
            out.println(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(threats));
        } else {
            report.print(threats, all.size(), expand, out);
        }
        boolean failed = failAt != null && threats.stream()
                .anyMatch(t -> ThreatFilter.severity(t.defaultSeverity(), "severity").compareTo(failAt) >= 0);
        if (failed) {
            err.println("threatloop analyze: threats at " + failOn.toLowerCase(java.util.Locale.ROOT) + " or above");
        }
        return failed ? 1 : 0;
    }
}
