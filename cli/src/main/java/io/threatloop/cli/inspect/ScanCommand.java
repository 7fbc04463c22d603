package io.threatloop.cli.inspect;

import io.threatloop.analysis.spec.SpecFiles;
import io.threatloop.cli.Cli;
import io.threatloop.cli.CliCommand;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.contracts.observation.SpecRemoved;
import io.threatloop.sources.DirectoryScanner;
import io.threatloop.sources.GitHistoryScanner;
import io.threatloop.sources.RepositoryUrls;
import io.threatloop.sources.SourceObservation;
import io.threatloop.sources.SourceState;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code threatloop scan <repo-or-dir> [--from REV] [--json]}: the observations the scanner
 * would publish for a local repository (commit by commit) or directory, with no server.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"The observations of a local git history (commit by commit) or directory, with the"
                + " security-relevant changes of each spec; no server needed."},
        footer = {"", "Examples:", "  threatloop scan .", "  threatloop scan ~/src/payments --from v2.0 --json"})
public final class ScanCommand extends CliCommand {

    @Parameters(paramLabel = "<repo-or-dir>", description = "a git checkout, a bare repository or a plain directory")
    String target;

    @Option(names = "--from", paramLabel = "REV", description = "start at this revision (git only)")
    String from;

    @Option(names = "--json", description = "one CloudEvents JSON observation per line")
    boolean json;


    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return Cli.execute("scan", args, out, err);
    }

    @Override
    public Integer call() throws IOException {
        Path dir = Path.of(target).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            err.println("threatloop scan: " + dir + " is not a directory");
            return 2;
        }
        String application = RepositoryUrls.nameOf(dir.toString());
        Path gitDir = Files.isDirectory(dir.resolve(".git")) ? dir.resolve(".git")
                : Files.isRegularFile(dir.resolve("HEAD")) && Files.isDirectory(dir.resolve("objects")) ? dir : null;
        if (gitDir == null) {
            if (from != null) {
                err.println("threatloop scan: --from needs a git repository; " + dir + " is a plain directory");
                return 2;
            }
            List<SourceObservation> observations = DirectoryScanner.scan(dir, application);
            print(observations, json, out);
            return observations.isEmpty() ? nothingFound(dir) : 0;
        }
        try (Repository repository = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build()) {
            ObjectId head = repository.resolve("HEAD");
            if (head == null) {
                err.println("threatloop scan: the repository has no commits");
                return 1;
            }
            ObjectId start = null;
            if (from != null) {
                if (repository.resolve(from) == null) {
                    err.println("threatloop scan: revision '" + from + "' not found");
                    return 2;
                }
                start = repository.resolve(from + "^");
            }
            GitHistoryScanner scanner = new GitHistoryScanner(repository, dir.toUri().toString(), application);
            SourceState state = new SourceState();
            List<RevCommit> commits = scanner.commitsAfter(start, head);
            long started = System.nanoTime();
            TerminalProgress progress = new TerminalProgress(err);
            int done = 0;
            boolean anything = false;
            for (RevCommit commit : commits) {
                List<SourceObservation> observations = scanner.scan(commit, state);
                anything |= !observations.isEmpty();
                if (!json && !observations.isEmpty()) {
                    out.printf("%n%s %s  %s%n", commit.abbreviate(8).name(),
                            Instant.ofEpochSecond(commit.getCommitTime()), commit.getShortMessage());
                }
                print(observations, json, out);
                int scanned = ++done;
                progress.step(() -> String.format("threatloop scan: %d/%d commits (%.0f commits/s)", scanned,
                        commits.size(), scanned / ((System.nanoTime() - started) / 1e9)));
            }
            if (!json) {
                out.printf("%n%d commit(s) scanned, %d spec(s) at HEAD%n", commits.size(), state.specs().size());
            }
            return state.specs().isEmpty() && !anything ? nothingFound(dir) : 0;
        }
    }

    /** Nothing to show is said, with what was looked for, and is not a success. */
    private int nothingFound(Path dir) {
        err.println("threatloop scan: no API description found in " + dir + " (looked for "
                + SpecFiles.WHAT_IS_LOOKED_FOR + ")");
        return 1;
    }

    private static void print(List<SourceObservation> observations, boolean json, PrintStream out) {
        for (SourceObservation observation : observations) {
            if (json) {
                String id = Envelope.deterministicId("observation", observation.event().source().repository(),
                        String.valueOf(observation.commitId()), observation.path(),
                        observation.event().getClass().getSimpleName());
                out.println(EventCodec.encode(Envelope.of(id, "/threatloop/cli", Instant.now(), observation.commitId(),
                        observation.commitId(), observation.event())));
            } else if (observation.event() instanceof SpecObserved spec) {
                out.printf("  SpecObserved  %s: %d operation(s)%s%n", observation.path(),
                        spec.surface().operations().size(),
                        spec.changes().isEmpty() ? "" : ", " + spec.changes().size() + " change(s)");
                ChangePrinter.print(spec.changes(), "    ", out);
                spec.findings().forEach(f -> out.println("    finding  " + f));
            } else if (observation.event() instanceof ScanFailed failed) {
                out.printf("  ScanFailed    %s: %s%n", failed.location(), failed.reason());
            } else if (observation.event() instanceof SpecRemoved) {
                out.printf("  SpecRemoved   %s%n", observation.path());
            }
        }
    }
}
