package io.threatloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.threatloop.analysis.spec.SpecException;
import io.threatloop.analysis.spec.SpecNormalizer;
import io.threatloop.analysis.threats.Finding;
import io.threatloop.analysis.threats.RuleCatalogue;
import io.threatloop.contracts.surface.ApiSurface;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Detection quality and speed of threatloop's rule catalogue against Spectral with the OWASP
 * ruleset, on the shared corpus, in one run: recall on the intentionally vulnerable APIs (VAmPI's
 * documented flaws), findings per spec and throughput over the broad corpus, and a seeded random
 * sample of threatloop findings for hand checking. Prints Markdown.
 * <p>
 * Usage (from {@code bench/}, after {@code npm ci --prefix spectral}):
 * {@code java -cp ... io.threatloop.bench.DetectionReport ../../shared/corpus spectral [sample.tsv]}
 */
public final class DetectionReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A finding of either tool, reduced to what the comparison needs. */
    record Hit(String tool, String file, String rule, String category, String operation, String detail) {
        boolean coversEveryOperation() {
            return operation == null;
        }
    }

    record Flaw(String id, String name, String category, String method, String path) {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "../../shared/corpus");
        Path spectralDir = Path.of(args.length > 1 ? args[1] : "spectral");
        Path sampleOut = args.length > 2 ? Path.of(args[2]) : null;
        // a new sample each day unless a seed is given: a fixed sample gets tuned to
        long seed = args.length > 3 ? Long.parseLong(args[3])
                : Long.parseLong(java.time.LocalDate.now().toString().replace("-", ""));
        System.out.printf("# detection report: %s, Java %s, %d cores%n%n", corpus, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        Path vampi = corpus.resolve("vulnerable/VAmPI/openapi3.yml");
        recall(vampi, readFlaws(corpus.resolve("vulnerable/ground-truth.tsv")), spectralDir);

        List<Path> broad = broadSpecs(corpus.resolve("broad"));
        List<Hit> broadHits = broad(broad, spectralDir);
        if (sampleOut != null) {
            List<Hit> vulnerable = new ArrayList<>(threatloop(vampi));
            vulnerable.addAll(threatloop(corpus.resolve("vulnerable/Pixi/swagger.json")));
            List<String> lines = new ArrayList<>();
            lines.add("spec\trule\ttarget\tevidence\tverdict\tnote");
            lines.addAll(sample(vulnerable, 20, seed));
            lines.addAll(sample(broadHits, 40, seed));
            Files.write(sampleOut, lines, StandardCharsets.UTF_8);
            System.out.println("(a sample of 20 findings on the vulnerable APIs and 40 on the broad corpus, seed " + seed
                    + ", written to " + sampleOut + ")");
        }
    }

    // ---- recall on VAmPI ----

    private static void recall(Path spec, List<Flaw> flaws, Path spectralDir) throws Exception {
        List<Hit> ours = threatloop(spec);
        List<Hit> theirs = spectral(List.of(spec), spectralDir).hits();
        System.out.println("## Recall on VAmPI's documented flaws");
        System.out.println();
        System.out.println("A flaw counts as found when a tool reports its OWASP 2023 category on its operation, or"
                + " on the API as a whole (a finding about a security scheme, the servers or every operation)."
                + " Injection has no 2023 category: it counts as found by a finding about unvalidated string input"
                + " on that operation.");
        System.out.println();
        System.out.println("| flaw | category | operation | threatloop | Spectral OWASP |");
        System.out.println("|---|---|---|---|---|");
        Map<String, int[]> byCategory = new TreeMap<>();
        int oursFound = 0;
        int theirsFound = 0;
        for (Flaw flaw : flaws) {
            List<String> a = matching(ours, flaw);
            List<String> b = matching(theirs, flaw);
            int[] counts = byCategory.computeIfAbsent(flaw.category(), c -> new int[3]);
            counts[0]++;
            if (!a.isEmpty()) {
                counts[1]++;
                oursFound++;
            }
            if (!b.isEmpty()) {
                counts[2]++;
                theirsFound++;
            }
            System.out.printf("| %s %s | %s | %s %s | %s | %s |%n", flaw.id(), flaw.name(), flaw.category(),
                    flaw.method(), flaw.path(), a.isEmpty() ? "**missed**" : String.join(", ", a),
                    b.isEmpty() ? "**missed**" : String.join(", ", b));
        }
        System.out.println();
        System.out.println("| category | flaws | threatloop recall | Spectral OWASP recall |");
        System.out.println("|---|---|---|---|");
        byCategory.forEach((category, c) -> System.out.printf("| %s | %d | %d/%d | %d/%d |%n", category, c[0], c[1],
                c[0], c[2], c[0]));
        System.out.printf("| **all** | %d | %d/%d | %d/%d |%n%n", flaws.size(), oursFound, flaws.size(), theirsFound,
                flaws.size());
        System.out.printf(Locale.ROOT, "Findings on VAmPI: threatloop %d, Spectral %d; per operation %.2f and %.2f.%n%n",
                ours.size(), theirs.size(), (double) ours.size() / OPERATIONS.get(spec.toString()),
                (double) theirs.size() / OPERATIONS.get(spec.toString()));
    }

    private static List<String> matching(List<Hit> hits, Flaw flaw) {
        boolean injection = flaw.category().startsWith("injection");
        String operation = flaw.method().equals("*") ? null : flaw.method() + " " + normalize(flaw.path());
        return hits.stream()
                .filter(hit -> injection ? isInputValidation(hit) : hit.category().equals(flaw.category()))
                .filter(hit -> hit.coversEveryOperation() || operation == null || hit.operation().equals(operation))
                .map(Hit::rule).distinct().sorted().toList();
    }

    private static boolean isInputValidation(Hit hit) {
        return Set.of("PARAM-NO-PATTERN", "API4-UNBOUNDED-STRING", "owasp:api4:2023-string-restricted",
                "owasp:api4:2023-string-limit").contains(hit.rule()) && hit.operation() != null;
    }

    private static List<Flaw> readFlaws(Path groundTruth) throws IOException {
        List<Flaw> flaws = new ArrayList<>();
        List<String> lines = Files.readAllLines(groundTruth);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t", -1);
            if (!c[0].equals("VAmPI")) {
                continue;
            }
            String category = c[3].startsWith("API") ? c[3] : "injection (no 2023 category)";
            flaws.add(new Flaw(c[1], c[2], category, c[4], c[5]));
        }
        return flaws;
    }

    // ---- the broad corpus ----

    private static List<Path> broadSpecs(Path broad) throws IOException {
        List<Path> files = new ArrayList<>();
        List<String> index = Files.readAllLines(broad.resolve("index.tsv"));
        for (String line : index.subList(1, index.size())) {
            files.add(broad.resolve(line.split("\t", -1)[0]));
        }
        return files;
    }

    private static List<String> sample(List<Hit> hits, int size, long seed) {
        List<Hit> all = new ArrayList<>(hits);
        Collections.shuffle(all, new Random(seed));
        return all.subList(0, Math.min(size, all.size())).stream().map(hit -> String.join("\t",
                hit.file(), hit.rule(), hit.operation() == null ? "(api)" : hit.operation(),
                hit.detail().replace('\t', ' '), "", "")).toList();
    }

    private static List<Hit> broad(List<Path> specs, Path spectralDir) throws Exception {
        long start = System.nanoTime();
        Map<Path, List<Hit>> ours = new LinkedHashMap<>();
        int unreadable = 0;
        for (Path spec : specs) {
            try {
                ours.put(spec, threatloop(spec));
            } catch (SpecException e) {
                unreadable++;
            }
        }
        double coldSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        for (Path spec : specs) {
            try {
                threatloop(spec);
            } catch (SpecException e) {
                // counted above
            }
        }
        double warmSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        SpectralRun peer = spectral(specs, spectralDir);
        double spectralSeconds = (System.nanoTime() - start) / 1e9;

        int oursTotal = ours.values().stream().mapToInt(List::size).sum();
        System.out.println("## The broad corpus");
        System.out.println();
        System.out.printf("%d specs (`broad/index.tsv`). threatloop read %d (%d not readable as OpenAPI/Swagger);"
                        + " Spectral reported parser or format problems on %d.%n%n", specs.size(), ours.size(),
                unreadable, peer.unparsable());
        System.out.println("| | threatloop | Spectral OWASP |");
        System.out.println("|---|---|---|");
        System.out.printf("| findings | %d | %d |%n", oursTotal, peer.hits().size());
        System.out.printf("| findings per spec (mean) | %.1f | %.1f |%n", (double) oursTotal / ours.size(),
                (double) peer.hits().size() / specs.size());
        System.out.printf("| findings per spec (median) | %d | %d |%n", median(ours.values().stream()
                .map(List::size).toList()), median(perFile(peer.hits(), specs)));
        System.out.printf(Locale.ROOT, "| time for all specs | %.1f s cold JVM, %.1f s warm | %.1f s (one process) |%n",
                coldSeconds, warmSeconds, spectralSeconds);
        System.out.printf(Locale.ROOT, "| specs/s | %.0f cold, %.0f warm | %.1f |%n", specs.size() / coldSeconds,
                specs.size() / warmSeconds, specs.size() / spectralSeconds);
        System.out.printf(Locale.ROOT, "| ratio (threatloop cold / Spectral) | %.0fx | |%n%n",
                spectralSeconds / coldSeconds);

        System.out.println("Findings per category:");
        System.out.println();
        System.out.println("| category | threatloop | Spectral OWASP |");
        System.out.println("|---|---|---|");
        Map<String, int[]> categories = new TreeMap<>();
        ours.values().forEach(hits -> hits.forEach(h -> categories.computeIfAbsent(h.category(), c -> new int[2])[0]++));
        peer.hits().forEach(h -> categories.computeIfAbsent(h.category(), c -> new int[2])[1]++);
        categories.forEach((c, n) -> System.out.printf("| %s | %d | %d |%n", c, n[0], n[1]));
        System.out.println();

        System.out.printf(Locale.ROOT, "Findings per operation: threatloop %.2f, Spectral %.2f (%d operations).%n%n",
                (double) oursTotal / operationsOf(ours.keySet()), (double) peer.hits().size() / operationsOf(ours.keySet()),
                operationsOf(ours.keySet()));
        List<Hit> all = new ArrayList<>();
        ours.values().forEach(all::addAll);
        return all;
    }

    private static final Map<String, Integer> OPERATIONS = new java.util.concurrent.ConcurrentHashMap<>();

    private static int operationsOf(java.util.Collection<Path> specs) {
        return specs.stream().mapToInt(s -> OPERATIONS.getOrDefault(s.toString(), 0)).sum();
    }

    private static List<Integer> perFile(List<Hit> hits, List<Path> specs) {
        Map<String, Integer> counts = new TreeMap<>();
        specs.forEach(s -> counts.put(s.toAbsolutePath().normalize().toString(), 0));
        hits.forEach(h -> counts.merge(h.file(), 1, Integer::sum));
        return new ArrayList<>(counts.values());
    }

    private static int median(List<Integer> values) {
        List<Integer> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    // ---- the two tools ----

    private static List<Hit> threatloop(Path spec) throws IOException, SpecException {
        ApiSurface surface = new SpecNormalizer().normalize(spec.getFileName().toString(), Files.readAllBytes(spec))
                .surface();
        Set<String> operations = new java.util.HashSet<>();
        surface.operations().forEach(op -> operations.add(op.id()));
        OPERATIONS.put(spec.toString(), operations.size());
        List<Hit> hits = new ArrayList<>();
        for (Finding finding : RuleCatalogue.evaluate(surface)) {
            hits.add(new Hit("threatloop", spec.toString(), finding.rule().id(), finding.rule().owaspCategory(),
                    operations.contains(finding.target()) ? finding.target() : null,
                    finding.target() + ": " + String.join("; ", finding.evidence())));
        }
        return hits;
    }

    record SpectralRun(List<Hit> hits, int unparsable) {
    }

    private static SpectralRun spectral(List<Path> specs, Path spectralDir) throws IOException, InterruptedException {
        Path binary = spectralDir.resolve("node_modules/.bin/spectral");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Spectral is not installed: run npm ci --prefix " + spectralDir);
        }
        Path output = Files.createTempFile("spectral", ".json");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "lint", "--quiet", "-r",
                spectralDir.resolve(".spectral.yaml").toString(), "-f", "json", "-o", output.toString(),
                "--fail-severity", "error"));
        specs.forEach(s -> command.add(s.toAbsolutePath().normalize().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("Spectral did not finish in 30 minutes");
        }
        JsonNode results = JSON.readTree(output.toFile());
        Files.deleteIfExists(output);
        List<Hit> hits = new ArrayList<>();
        Set<String> unparsable = new java.util.HashSet<>();
        for (JsonNode result : results) {
            String code = result.path("code").asText();
            String source = result.path("source").asText();
            if (!code.startsWith("owasp:")) {
                unparsable.add(source); // parser / unrecognized-format diagnostics
                continue;
            }
            JsonNode path = result.path("path");
            String operation = null;
            if (path.size() >= 3 && path.get(0).asText().equals("paths")) {
                operation = path.get(2).asText().toUpperCase(Locale.ROOT) + " " + normalize(path.get(1).asText());
            }
            String category = code.replaceAll("^owasp:api(\\d+):(\\d{4}).*$", "API$1:$2");
            hits.add(new Hit("spectral", source, code, category, operation, result.path("message").asText()));
        }
        return new SpectralRun(hits, unparsable.size());
    }

    private static String normalize(String rawPath) {
        String path = rawPath.replaceAll("\\{[^}/]*}", "{}");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private DetectionReport() {
    }
}
