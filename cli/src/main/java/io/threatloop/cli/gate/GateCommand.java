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

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code threatloop gate --base REV [--head REV] [--repo DIR] [--fail-on SEVERITY] [--format F]}:
 * the threat-model delta of a change, for a CI pipeline. Exit 0 when it passes, 1 when it
 * introduces a threat at or above {@code --fail-on} that threatmodel.yaml does not accept (or a
 * spec can no longer be read), 2 on wrong usage or an unreadable repository.
 */
public final class GateCommand {

    static final String USAGE = """
            usage: threatloop gate --base REV [--head REV] [--repo DIR] [--fail-on critical|high|medium|low]
                                   [--format text|json|sarif|markdown] [--application NAME]
                                   [--exposure unknown|internet|cluster-internal] [--policy FILE] [--quiet]
                                   [--post URL (token in THREATLOOP_TOKEN)]""";
    private static final Set<String> FORMATS = Set.of("text", "json", "sarif", "markdown");
    private static final Set<String> FLAGS = Set.of("--quiet");
    private static final Set<String> OPTIONS = Set.of("--base", "--head", "--repo", "--fail-on", "--format",
            "--application", "--exposure", "--policy", "--post");

    private GateCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        return run(args, out, err, System::getenv);
    }

    /** {@code environment}: where THREATLOOP_TOKEN is looked up (the process environment, or a test's). */
    public static int run(List<String> args, PrintStream out, PrintStream err,
                          java.util.function.UnaryOperator<String> environment) throws IOException {
        long started = System.nanoTime();
        Map<String, String> options = new LinkedHashMap<>();
        boolean quiet = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (FLAGS.contains(arg)) {
                quiet = true;
            } else if (OPTIONS.contains(arg) && i + 1 < args.size()) {
                options.put(arg, args.get(++i));
            } else {
                return usage(err, "unexpected '" + arg + "'");
            }
        }
        String format = options.getOrDefault("--format", "text");
        if (!options.containsKey("--base")) {
            return usage(err, "--base is required (the revision the change starts from, e.g. origin/main)");
        }
        if (!FORMATS.contains(format)) {
            return usage(err, "--format must be text, json, sarif or markdown");
        }
        Severity failOn;
        try {
            failOn = Severity.valueOf(options.getOrDefault("--fail-on", "high").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return usage(err, "--fail-on must be critical, high, medium or low");
        }
        ScoringPolicy policy = ScoringPolicy.defaults();
        if (options.containsKey("--policy")) {
            try {
                policy = ScoringPolicy.parse(Files.readAllBytes(Path.of(options.get("--policy"))));
            } catch (IOException | ScoringPolicy.InvalidPolicy e) {
                err.println("threatloop gate: the policy " + options.get("--policy") + " cannot be used: "
                        + e.getMessage());
                return 2;
            }
        }
        ProposalPoster poster = null;
        if (options.containsKey("--post")) {
            try {
                poster = ProposalPoster.to(options.get("--post"), environment.apply(ProposalPoster.TOKEN_ENV));
            } catch (IllegalArgumentException e) {
                return usage(err, e.getMessage());
            }
        }
        Path dir = Path.of(options.getOrDefault("--repo", ".")).toAbsolutePath().normalize();
        Progress progress = new Progress(err, quiet, started);
        try (Repository repository = open(dir)) {
            RevCommit base = resolve(repository, options.get("--base"));
            RevCommit head = resolve(repository, options.getOrDefault("--head", "HEAD"));
            String application = options.getOrDefault("--application", RepositoryUrls.nameOf(dir.toString()));
            progress.step("comparing " + base.abbreviate(8).name() + " .. " + head.abbreviate(8).name() + " of "
                    + application);
            GateResult result = ThreatDelta.between(new GitHistoryScanner(repository, dir.toUri().toString(),
                    application), base, head, new ThreatDelta.Question(application,
                    options.getOrDefault("--exposure", "unknown"), policy, failOn, LocalDate.now(ZoneOffset.UTC)));
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
                progress.step("recorded as a proposed change of " + application + " at " + options.get("--post"));
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

    private static int usage(PrintStream err, String problem) {
        err.println("threatloop gate: " + problem);
        err.println(USAGE);
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
