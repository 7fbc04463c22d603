package io.threatloop.cli.inspect;

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
public final class ScanCommand {

    private ScanCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        boolean json = args.contains("--json");
        String from = null;
        String target = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--from") && i + 1 < args.size()) {
                from = args.get(++i);
            } else if (!args.get(i).startsWith("--")) {
                target = args.get(i);
            }
        }
        if (target == null) {
            err.println("usage: threatloop scan <repo-or-dir> [--from REV] [--json]");
            return 2;
        }
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
            print(DirectoryScanner.scan(dir, application), json, out);
            return 0;
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
            int done = 0;
            for (RevCommit commit : commits) {
                List<SourceObservation> observations = scanner.scan(commit, state);
                if (!json && !observations.isEmpty()) {
                    out.printf("%n%s %s  %s%n", commit.abbreviate(8).name(),
                            Instant.ofEpochSecond(commit.getCommitTime()), commit.getShortMessage());
                }
                print(observations, json, out);
                if (++done % 100 == 0) {
                    err.printf("threatloop scan: %d/%d commits (%.0f commits/s)%n", done, commits.size(),
                            done / ((System.nanoTime() - started) / 1e9));
                }
            }
            if (!json) {
                out.printf("%n%d commit(s) scanned, %d spec(s) at HEAD%n", commits.size(), state.specs().size());
            }
            return 0;
        }
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
