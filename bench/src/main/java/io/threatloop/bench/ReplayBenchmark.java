package io.threatloop.bench;

import io.threatloop.sources.GitHistoryScanner;
import io.threatloop.sources.SourceObservation;
import io.threatloop.sources.SourceState;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * History replay throughput: builds a git repository of {@code N} commits from the corpus spec
 * histories (each commit writes the next version of one spec at its own path; the series are
 * reused under new paths until N commits exist), then scans it from the first commit with the
 * scanner's {@link GitHistoryScanner}, as a source scanned from scratch would be.
 * <p>
 * Usage: {@code java -cp ... io.threatloop.bench.ReplayBenchmark ../shared/corpus/history 1000}
 */
public final class ReplayBenchmark {

    public static void main(String[] args) throws Exception {
        Path history = Path.of(args.length > 0 ? args[0] : "../shared/corpus/history");
        int target = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        List<List<Path>> series = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(history, 2)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("versions.tsv"))).sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    series.add(files.filter(f -> f.getFileName().toString().matches("\\d{3}-.*\\.(yaml|yml|json)"))
                            .sorted().toList());
                }
            }
        }
        Path repoDir = Files.createTempDirectory("threatloop-replay");
        PersonIdent author = new PersonIdent("bench", "bench@threatloop.invalid");
        try (Git git = Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call()) {
            int commits = 0;
            int round = 0;
            int[] next = new int[series.size()];
            while (commits < target) {
                boolean any = false;
                for (int s = 0; s < series.size() && commits < target; s++) {
                    List<Path> versions = series.get(s);
                    if (next[s] >= versions.size()) {
                        continue;
                    }
                    Path version = versions.get(next[s]++);
                    String ext = version.getFileName().toString().endsWith(".json") ? "json" : "yaml";
                    String path = "round" + round + "/spec" + s + "/openapi." + ext;
                    Path file = repoDir.resolve(path);
                    Files.createDirectories(file.getParent());
                    Files.copy(version, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    git.add().addFilepattern(path).call();
                    git.commit().setMessage(version.getFileName().toString()).setAuthor(author).setCommitter(author)
                            .setSign(false).call();
                    commits++;
                    any = true;
                }
                if (!any) {
                    java.util.Arrays.fill(next, 0);
                    round++;
                }
            }
            GitHistoryScanner scanner = new GitHistoryScanner(git.getRepository(), repoDir.toUri().toString(), "bench");
            List<RevCommit> all = scanner.commitsAfter(null, git.getRepository().resolve("refs/heads/main"));
            for (int pass = 0; pass < 2; pass++) {
                SourceState state = new SourceState();
                long start = System.nanoTime();
                int observations = 0;
                for (RevCommit commit : all) {
                    List<SourceObservation> observed = scanner.scan(commit, state);
                    observations += observed.size();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "%s: %d commits, %d observations in %.2f s = %.0f commits/s%n",
                        pass == 0 ? "first pass (cold JIT)" : "second pass (warm)", all.size(), observations, seconds,
                        all.size() / seconds);
            }
        } finally {
            try (Stream<Path> files = Files.walk(repoDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
