package io.threatloop.bench;

import io.threatloop.cli.stack.ServiceProcess;
import io.threatloop.cli.stack.Stack;
import io.threatloop.contracts.Topics;
import io.threatloop.runtime.GitRepository;
import io.threatloop.testsupport.HostileSpecs;
import io.threatloop.runtime.RecordedEvent;
import io.threatloop.runtime.TopicRecorder;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * End to end through the four packaged services, from a git commit: how long a large
 * application (5,000 operations) takes to be observed, modelled, rated and reviewed the first
 * time, and how long a one-operation change to it takes, against the same change to a small
 * application (10 operations) in the same run, over several rounds of a removal and an addition
 * each (third argument, 3 by default). A phase ends when the model's first event of the
 * change arrived, then its last event and nothing more for ten seconds (the quiet time is not
 * counted).
 *
 * <pre>java -cp "target/bench-0.1.0-SNAPSHOT.jar:target/lib/*" io.threatloop.bench.LargeModelBenchmark .. 5000 3</pre>
 */
public final class LargeModelBenchmark {

    private static final Duration QUIET = Duration.ofSeconds(10);

    private LargeModelBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
        int operations = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path workDir = Files.createTempDirectory("threatloop-large");
        try (GitRepository large = GitRepository.init(workDir.resolve("large"));
             GitRepository small = GitRepository.init(workDir.resolve("small"));
             Stack stack = Stack.prepare(workDir, new Stack.Options(false, null, 9781))) {
            large.commit("README.md", "large\n", "initial");
            small.commit("README.md", "small\n", "initial");
            System.err.println("starting Kafka, PostgreSQL and the four services ...");
            stack.start(home, Map.of(
                    "threatloop.scanner.sources.large.url", large.url(),
                    "threatloop.scanner.sources.small.url", small.url(),
                    "threatloop.scanner.poll-interval", "0.25s"), new PrintStream(OutputStream.nullOutputStream()));
            try (TopicRecorder recorder = new TopicRecorder(stack.kafkaClientProperties(), Topics.ALL)) {
                Map<String, Long> lastArrival = new ConcurrentHashMap<>();
                recorder.onRecord(r -> lastArrival.put(r.key() + " " + r.topic(), System.nanoTime()));

                print(phase(recorder, lastArrival, small, "small", HostileSpecs.large(10),
                        "small: first observation (10 operations)"));
                print(phase(recorder, lastArrival, large, "large", HostileSpecs.large(operations),
                        "large: first observation (" + operations + " operations)"));
                // one-operation changes, small and large in turn: the first rounds show the services
                // warming up, the median is what a running system pays for a change
                List<Phase> smallChanges = new ArrayList<>();
                List<Phase> largeChanges = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    for (boolean remove : new boolean[] {true, false}) {
                        String what = remove ? "one operation removed" : "one operation added";
                        smallChanges.add(print(phase(recorder, lastArrival, small, "small",
                                HostileSpecs.large(remove ? 9 : 10), "small: " + what + " (round " + round + ")")));
                        largeChanges.add(print(phase(recorder, lastArrival, large, "large",
                                HostileSpecs.large(remove ? operations - 1 : operations),
                                "large: " + what + " (round " + round + ")")));
                    }
                }
                summarize(smallChanges, largeChanges);
            }
            for (ServiceProcess service : stack.services()) {
                System.out.printf(Locale.ROOT, "%-17s peak RSS %s%n", service.name(),
                        LoadBenchmark.memory(service.pid(), "VmHWM"));
            }
        }
    }

    /**
     * {@code cpuMs}: CPU milliseconds per process kind from the commit to the end of the quiet time,
     * so the idle system's polls, ticks and heartbeats of about ten seconds are in every phase.
     */
    private record Phase(String name, double observedS, double modelS, double riskS, double reviewS, int modelEvents,
                         int riskChanges, Map<String, Double> cpuMs) {

        double allCpuMs() {
            return cpuMs.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private static Phase phase(TopicRecorder recorder, Map<String, Long> lastArrival, GitRepository repo, String app,
                               String spec, String name) throws InterruptedException {
        Map<String, Double> cpuBefore = ProcessCpu.snapshot();
        int modelBefore = count(recorder, app, Topics.THREATMODEL_EVENTS);
        int riskBefore = count(recorder, app, Topics.RISK_CHANGES);
        long start = System.nanoTime();
        String commit = repo.commit("openapi.yaml", spec, name);
        recorder.awaitUntil(all -> all.stream().anyMatch(r -> app.equals(r.key())
                && r.topic().equals(Topics.API_OBSERVATIONS) && r.event() != null
                && commit.equals(r.event().causationid())), Duration.ofMinutes(5));
        double observed = (System.nanoTime() - start) / 1e9;
        // the model's first event of this change, however long deciding takes
        while (lastArrival.getOrDefault(app + " " + Topics.THREATMODEL_EVENTS, 0L) < start) {
            recorder.awaitUntil(all -> false, Duration.ofMillis(200));
        }
        // then until nothing more arrives for the application on any topic
        while (true) {
            long newest = lastArrival.entrySet().stream().filter(e -> e.getKey().startsWith(app + " "))
                    .mapToLong(Map.Entry::getValue).max().orElse(start);
            if (System.nanoTime() - newest > QUIET.toNanos()) {
                break;
            }
            recorder.awaitUntil(all -> false, Duration.ofMillis(200)); // polls the recorder while events still come
        }
        Map<String, Double> cpuMs = new LinkedHashMap<>();
        ProcessCpu.between(cpuBefore, ProcessCpu.snapshot()).forEach((kind, spent) -> {
            if (!kind.equals("benchmark")) { // the recorder decodes what it records: its CPU is not the system's
                cpuMs.put(kind, 1000 * spent);
            }
        });
        return new Phase(name, observed, seconds(lastArrival, app, Topics.THREATMODEL_EVENTS, start),
                seconds(lastArrival, app, Topics.RISK_CHANGES, start), seconds(lastArrival, app, Topics.REVIEW_TASKS, start),
                count(recorder, app, Topics.THREATMODEL_EVENTS) - modelBefore,
                count(recorder, app, Topics.RISK_CHANGES) - riskBefore, cpuMs);
    }

    private static double seconds(Map<String, Long> lastArrival, String app, String topic, long start) {
        Long at = lastArrival.get(app + " " + topic);
        return at == null || at < start ? Double.NaN : (at - start) / 1e9;
    }

    private static int count(TopicRecorder recorder, String app, String topic) {
        List<RecordedEvent> events = recorder.matching(r -> app.equals(r.key()) && r.topic().equals(topic));
        return events.size();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * The medians of the one-operation changes, small against large: time to the last risk change,
     * and CPU. Each phase's CPU includes about ten seconds of the idle system, the same for both,
     * so what the large change costs more is their difference.
     */
    private static void summarize(List<Phase> small, List<Phase> large) {
        double smallTime = median(small.stream().map(Phase::riskS).toList());
        double largeTime = median(large.stream().map(Phase::riskS).toList());
        double smallCpu = median(small.stream().map(Phase::allCpuMs).toList());
        double largeCpu = median(large.stream().map(Phase::allCpuMs).toList());
        System.out.printf(Locale.ROOT, "one-operation change, median of %d: commit to last RiskChanged small %.2f s,"
                        + " large %.2f s (%.1fx); CPU of the phase small %.0f ms, large %.0f ms (large - small %.0f ms)%n",
                small.size(), smallTime, largeTime, largeTime / smallTime, smallCpu, largeCpu, largeCpu - smallCpu);
        for (String kind : large.get(0).cpuMs().keySet()) {
            double smallKind = median(small.stream().map(p -> p.cpuMs().getOrDefault(kind, 0.0)).toList());
            double largeKind = median(large.stream().map(p -> p.cpuMs().getOrDefault(kind, 0.0)).toList());
            System.out.printf(Locale.ROOT, "  %-17s small %6.0f ms, large %6.0f ms, large - small %6.0f ms%n", kind,
                    smallKind, largeKind, largeKind - smallKind);
        }
    }

    private static String milliseconds(Map<String, Double> milliseconds) {
        StringBuilder text = new StringBuilder();
        milliseconds.forEach((kind, value) -> text.append(text.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.0f ms", kind, value)));
        return text.toString();
    }

    /** Prints the phase and returns it. */
    private static Phase print(Phase phase) {
        System.out.printf(Locale.ROOT, "%-45s observed %6.2f s, last model event %6.2f s, last RiskChanged %6.2f s,"
                        + " last review-task event %6.2f s (%d model events, %d risk changes); CPU %.0f ms"
                        + " (%s)%n", phase.name(),
                phase.observedS(), phase.modelS(), phase.riskS(), phase.reviewS(), phase.modelEvents(),
                phase.riskChanges(), phase.allCpuMs(), milliseconds(phase.cpuMs()));
        return phase;
    }
}
