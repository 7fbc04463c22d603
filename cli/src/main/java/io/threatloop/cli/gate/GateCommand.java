package io.threatloop.cli.gate;

import io.threatloop.analysis.risk.ScoringPolicy;
import io.threatloop.analysis.risk.Severity;
import io.threatloop.analysis.threats.RuleCatalogue;
import io.threatloop.cli.inspect.SarifReport;
import io.threatloop.contracts.EventCodec;
import io.threatloop.sources.GitHistoryScanner;
import io.threatloop.sources.RepositoryUrls;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import io.threatloop.cli.Cli;
import io.threatloop.cli.CliCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * {@code threatloop gate --base REV [--head REV] [--repo DIR] [--fail-on SEVERITY] [--format F]}:
 * the threat-model delta of a change, for a CI pipeline. Exit 0 when it passes, 1 when it
 * introduces a threat at or above {@code --fail-on} that threatmodel.yaml does not accept (or a
 * spec can no longer be read), 2 on wrong usage or an unreadable repository.
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {"The threat-model delta of a change (a pull request): specs changed, threats introduced and"
                + " resolved, the risk before and after. Exits 1 when it introduces a threat at --fail-on or above"
                + " that threatmodel.yaml does not accept (docs/CI.md)."},
        footer = {"", "Examples:", "  threatloop gate --base origin/main",
                "  threatloop gate --base origin/main --fail-on medium --format sarif > gate.sarif",
                "  THREATLOOP_TOKEN=... threatloop gate --base origin/main --post https://threatloop.example"})
public final class GateCommand extends CliCommand {

    private static final Set<String> FORMATS = Set.of("text", "json", "sarif", "markdown");

    @Option(names = "--base", required = true, paramLabel = "REV",
            description = "the revision the change starts from, e.g. origin/main")
    String baseRevision;

    @Option(names = "--head", paramLabel = "REV", defaultValue = "HEAD", description = "default: ${DEFAULT-VALUE}")
    String headRevision;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".", description = "the checkout; default: the current directory")
    Path repo;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
            description = "critical, high, medium or low; default: ${DEFAULT-VALUE}")
    String failOnName;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, sarif or markdown; default: ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--application", paramLabel = "NAME", description = "default: the repository's name")
    String applicationName;

    @Option(names = "--exposure", paramLabel = "EXPOSURE", defaultValue = "unknown",
            description = "unknown, internet or cluster-internal; default: ${DEFAULT-VALUE}")
    String exposure;

    @Option(names = "--policy", paramLabel = "FILE", description = "a scoring policy instead of the default")
    Path policyFile;

    @Option(names = "--post", paramLabel = "URL", description = "record the delta at model-service (token in THREATLOOP_TOKEN)")
    String postTo;

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    @Spec
    CommandSpec spec;


    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, System::getenv);
    }

    /** {@code environment}: where THREATLOOP_TOKEN is looked up (the process environment, or a test's). */
    public static int run(List<String> args, PrintStream out, PrintStream err, UnaryOperator<String> environment) {
        return Cli.execute(Stream.concat(Stream.of("gate"), args.stream()).toList(), out, err, environment);
    }

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        if (!FORMATS.contains(format)) {
            return usage("--format must be text, json, sarif or markdown");
        }
        Severity failOn;
        try {
            failOn = Severity.valueOf(failOnName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return usage("--fail-on must be critical, high, medium or low");
        }
        ScoringPolicy policy = ScoringPolicy.defaults();
        if (policyFile != null) {
            try {
                policy = ScoringPolicy.parse(Files.readAllBytes(policyFile));
            } catch (IOException | ScoringPolicy.InvalidPolicy e) {
                err.println("threatloop gate: the policy " + policyFile + " cannot be used: " + e.getMessage());
                return 2;
            }
        }
        ProposalPoster poster = null;
        if (postTo != null) {
            try {
                poster = ProposalPoster.to(postTo, environment.apply(ProposalPoster.TOKEN_ENV));
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
        }
        Path dir = repo.toAbsolutePath().normalize();
        Progress progress = new Progress(err, quiet, started);
        try (Repository repository = open(dir)) {
            RevCommit base = resolve(repository, baseRevision);
            RevCommit head = resolve(repository, headRevision);
            String application = applicationName != null ? applicationName : RepositoryUrls.nameOf(dir.toString());
            progress.step("comparing " + base.abbreviate(8).name() + " .. " + head.abbreviate(8).name() + " of "
                    + application);
            GateResult result = ThreatDelta.between(new GitHistoryScanner(repository, dir.toUri().toString(),
                    application), base, head, new ThreatDelta.Question(application, exposure, policy, failOn,
                    LocalDate.now(ZoneOffset.UTC)));
            progress.step(result.specs().size() + " spec(s) changed, " + result.introduced().size() + " threat(s)"
                    + " introduced, " + result.resolved().size() + " resolved");
            switch (format) {
                case "json" -> out.println(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
                case "sarif" -> out.println(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                        SarifReport.of(result.introduced(), RuleCatalogue.definitions())));
                case "markdown" -> GateReport.markdown(result, out);
                default -> GateReport.text(result, out);
            }
            if (poster != null) {
                String problem = post(poster, result);
                if (problem != null) {
                    err.println("threatloop gate: the delta was not recorded: " + problem);
                    return 2;
                }
                progress.step("recorded as a proposed change of " + application + " at " + postTo);
            }
            progress.step(result.passed() ? "passed" : "FAILED: " + result.failures().size() + " reason(s)");
            return result.passed() ? 0 : 1;
        } catch (UnusableInput e) {
            err.println("threatloop gate: " + e.getMessage());
            return 2;
        }
    }

    private static String post(ProposalPoster poster, GateResult result) {
        try {
            return poster.post(result);
        } catch (IOException e) {
            return "cannot reach it: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static Repository open(Path dir) throws IOException {
        Path gitDir = Files.isDirectory(dir.resolve(".git")) ? dir.resolve(".git") : dir;
        try {
            return new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
        } catch (RepositoryNotFoundException e) {
            throw new UnusableInput(dir + " is not a git repository (give --repo the checkout's directory)");
        }
    }

    private static RevCommit resolve(Repository repository, String revision) throws IOException {
        ObjectId id = repository.resolve(revision + "^{commit}");
        if (id == null) {
            throw new UnusableInput("revision '" + revision + "' not found (in CI, fetch it first, e.g."
                    + " git fetch origin main, or check out with fetch-depth: 0)");
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(id);
        }
    }

    private int usage(String problem) {
        err.println("threatloop gate: " + problem);
        spec.commandLine().usage(err);
        return 2;
    }


    /** Input the gate cannot work with: a missing repository or revision. */
    private static final class UnusableInput extends RuntimeException {
        UnusableInput(String message) {
            super(message);
        }
    }

    /** Steps with the time since start on stderr, unless quiet: a CI log shows where the time went. */
    private record Progress(PrintStream err, boolean quiet, long started) {
        void step(String what) {
            if (!quiet) {
                err.printf(Locale.ROOT, "threatloop gate: %s (%.2f s)%n", what, (System.nanoTime() - started) / 1e9);
            }
        }
    }
}
