package io.threatloop.bench;

import io.threatloop.analysis.diff.SpecDiff;
import io.threatloop.analysis.spec.NormalizedSpec;
import io.threatloop.analysis.spec.SpecException;
import io.threatloop.analysis.spec.SpecNormalizer;
import io.threatloop.contracts.surface.SurfaceChange;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedOperation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Normalize + diff every consecutive pair of versions in the corpus spec histories with
 * threatloop, and with OpenAPITools openapi-diff on the same pairs in the same run. Both parse
 * both versions from text for every pair. One warm-up pass, then one measured pass.
 * <p>
 * Usage: {@code java -cp ... io.threatloop.bench.DiffBenchmark ../shared/corpus/history}
 */
public final class DiffBenchmark {

    private record Pair(String series, String oldText, String newText, String name) {
    }

    private record Result(long threatloopNanos, long peerNanos, boolean peerThrew, boolean threatloopFailed,
                          Set<String> peerSecurityOps, Set<String> threatloopSecurityOps) {
    }

    public static void main(String[] args) throws Exception {
        Path history = Path.of(args.length > 0 ? args[0] : "../shared/corpus/history");
        List<Path> series;
        try (Stream<Path> dirs = Files.walk(history, 2)) {
            series = dirs.filter(d -> Files.isRegularFile(d.resolve("versions.tsv"))).sorted().toList();
        }
        System.out.printf("# spec diff benchmark: %s, Java %s, %d cores%n%n", history, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        List<Pair> pairs = new ArrayList<>();
        for (Path dir : series) {
            pairs.addAll(pairsOf(dir));
        }
        System.err.printf("warm-up over %d pairs ...%n", pairs.size());
        for (Pair pair : pairs) {
            run(pair);
        }
        System.out.println("Per pair, both versions parsed from text by both tools (threatloop = normalize both + SpecDiff):");
        System.out.println();
        System.out.println("| series | pairs | threatloop median ms | threatloop p95 ms | openapi-diff median ms | openapi-diff p95 ms | ratio (median) | openapi-diff threw | security changes missed by threatloop |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        List<Long> allOurs = new ArrayList<>();
        List<Long> allPeer = new ArrayList<>();
        int totalMissed = 0;
        int totalThrew = 0;
        for (Path dir : series) {
            String name = history.relativize(dir).toString();
            List<Long> ours = new ArrayList<>();
            List<Long> peer = new ArrayList<>();
            int threw = 0;
            int missed = 0;
            for (Pair pair : pairs) {
                if (!pair.series().equals(name)) {
                    continue;
                }
                Result result = run(pair);
                ours.add(result.threatloopNanos());
                if (result.peerThrew()) {
                    threw++;
                } else {
                    peer.add(result.peerNanos());
                    Set<String> notFound = new HashSet<>(result.peerSecurityOps());
                    notFound.removeAll(result.threatloopSecurityOps());
                    if (!notFound.isEmpty()) {
                        missed += notFound.size();
                        System.err.println("missed in " + pair.name() + ": " + notFound);
                    }
                }
            }
            allOurs.addAll(ours);
            allPeer.addAll(peer);
            totalMissed += missed;
            totalThrew += threw;
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1fx | %d | %d |%n", name, ours.size(),
                    ms(percentile(ours, 50)), ms(percentile(ours, 95)), ms(percentile(peer, 50)),
                    ms(percentile(peer, 95)), (double) percentile(peer, 50) / percentile(ours, 50), threw, missed);
        }
        System.out.printf(Locale.ROOT, "| **all** | %d | %.1f | %.1f | %.1f | %.1f | %.1fx | %d | %d |%n", allOurs.size(),
                ms(percentile(allOurs, 50)), ms(percentile(allOurs, 95)), ms(percentile(allPeer, 50)),
                ms(percentile(allPeer, 95)), (double) percentile(allPeer, 50) / percentile(allOurs, 50), totalThrew,
                totalMissed);
        incremental(pairs, series, history);
    }

    /**
     * How the scanner really walks a history: each version is normalized once and diffed
     * against the previous surface it kept. Compared with openapi-diff per pair (it has no
     * such mode: every comparison parses both documents).
     */
    private static void incremental(List<Pair> pairs, List<Path> series, Path history) {
        System.out.println();
        System.out.println("Incremental, as the scanner walks a history (each version normalized once, diffed against the kept previous surface):");
        System.out.println();
        System.out.println("| series | versions | threatloop median ms per version | p95 ms | openapi-diff median ms per pair (above) | ratio (median) |");
        System.out.println("|---|---|---|---|---|---|");
        List<Long> all = new ArrayList<>();
        List<Long> allPeer = new ArrayList<>();
        SpecNormalizer normalizer = new SpecNormalizer();
        for (int pass = 0; pass < 2; pass++) {
            for (Path dir : series) {
                String name = history.relativize(dir).toString();
                List<Long> times = new ArrayList<>();
                List<Long> peer = new ArrayList<>();
                NormalizedSpec previous = null;
                for (Pair pair : pairs) {
                    if (!pair.series().equals(name)) {
                        continue;
                    }
                    try {
                        if (previous == null) {
                            previous = normalizer.normalize("openapi.yaml", pair.oldText().getBytes());
                        }
                        long start = System.nanoTime();
                        NormalizedSpec next = normalizer.normalize("openapi.yaml", pair.newText().getBytes());
                        SpecDiff.between(previous.surface(), next.surface());
                        times.add(System.nanoTime() - start);
                        previous = next;
                    } catch (SpecException e) {
                        previous = null;
                    }
                    if (pass == 1) {
                        Result result = run(pair);
                        if (!result.peerThrew()) {
                            peer.add(result.peerNanos());
                        }
                    }
                }
                if (pass == 1) {
                    all.addAll(times);
                    allPeer.addAll(peer);
                    System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1fx |%n", name, times.size(),
                            ms(percentile(times, 50)), ms(percentile(times, 95)), ms(percentile(peer, 50)),
                            (double) percentile(peer, 50) / percentile(times, 50));
                }
            }
        }
        System.out.printf(Locale.ROOT, "| **all** | %d | %.1f | %.1f | %.1f | %.1fx |%n", all.size(),
                ms(percentile(all, 50)), ms(percentile(all, 95)), ms(percentile(allPeer, 50)),
                (double) percentile(allPeer, 50) / percentile(all, 50));
    }

    private static List<Pair> pairsOf(Path dir) throws IOException {
        List<Path> versions;
        try (Stream<Path> files = Files.list(dir)) {
            versions = files.filter(f -> f.getFileName().toString().matches("\\d{3}-.*\\.(yaml|yml|json)")).sorted().toList();
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 1; i < versions.size(); i++) {
            pairs.add(new Pair(dir.getParent().getFileName() + "/" + dir.getFileName(),
                    Files.readString(versions.get(i - 1)), Files.readString(versions.get(i)),
                    versions.get(i).getFileName().toString()));
        }
        return pairs;
    }

    private static Result run(Pair pair) {
        SpecNormalizer normalizer = new SpecNormalizer();
        long start = System.nanoTime();
        Set<String> ourSecurity = new HashSet<>();
        boolean failed = false;
        try {
            NormalizedSpec before = normalizer.normalize("openapi.yaml", pair.oldText().getBytes());
            NormalizedSpec after = normalizer.normalize("openapi.yaml", pair.newText().getBytes());
            for (SurfaceChange change : SpecDiff.between(before.surface(), after.surface())) {
                if (change.kind().startsWith("SECURITY_") || change.kind().equals("OPERATION_REMOVED")) {
                    ourSecurity.add(change.target());
                }
            }
        } catch (SpecException e) {
            failed = true;
        }
        long ours = System.nanoTime() - start;
        start = System.nanoTime();
        Set<String> peerSecurity = new HashSet<>();
        boolean threw = false;
        try {
            ChangedOpenApi diff = OpenApiCompare.fromContents(pair.oldText(), pair.newText());
            for (ChangedOperation op : diff.getChangedOperations()) {
                if (op.getSecurityRequirements() != null && op.getSecurityRequirements().isDifferent()) {
                    peerSecurity.add(op.getHttpMethod().name() + " " + op.getPathUrl().replaceAll("\\{[^}/]*}", "{}"));
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            threw = true;
        }
        long peer = System.nanoTime() - start;
        return new Result(ours, peer, threw, failed, peerSecurity, ourSecurity);
    }

    private static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
