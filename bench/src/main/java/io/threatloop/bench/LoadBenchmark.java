package io.threatloop.bench;

import io.threatloop.cli.stack.ServiceProcess;
import io.threatloop.cli.stack.Stack;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.contracts.risk.Cause;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityRequirement;
import io.threatloop.runtime.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * End-to-end load: N observations fed to {@code api-observations} of the four packaged services
 * (a fixed rate, then full speed), each making one new threat, so one {@code RiskChanged} per
 * observation. Reports sustained observations/s (first send to last RiskChanged), p50/p95/p99/p99.9
 * latency from sending an observation to its RiskChanged and its hops ({@link LatencyHops}), the CPU each process kind spent per
 * observation in each phase ({@link ProcessCpu}), and each service's resident memory.
 * In the same run the baseline: the same records consumed from Kafka and inserted into
 * PostgreSQL, batch by batch, by a bare client (this machine's ceiling for the first hop).
 *
 * <pre>java -XX:TieredStopAtLevel=1 -cp "target/bench-0.1.0-SNAPSHOT.jar:target/lib/*" io.threatloop.bench.LoadBenchmark .. 2000 20 [10000 [2 [3000]]]</pre>
 * (project root, observations at the fixed rate, fixed rate per second, observations at full speed:
 * as many as at the fixed rate unless given; a full-speed phase of 20 s varies by a third from run
 * to run, a longer one less; replicas of model-, risk- and notifier-service, 1 unless given;
 * observations to warm up with at full speed, 200 unless given: a phase right after a short
 * warm-up measures the JVMs compiling as much as the pipeline, which the JIT line shows)
 */
public final class LoadBenchmark {

    private static final int APPLICATIONS = 50;

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int fullSpeed = args.length > 3 ? Integer.parseInt(args[3]) : count;
        int replicas = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        int warmUp = args.length > 5 ? Integer.parseInt(args[5]) : 200;
        if (!lightJit()) {
            System.err.println("this JVM compiles with C2: its own compiling will take CPU from the system under test"
                    + " during the phases (4 s of a 20 s phase, measured); run it with -XX:TieredStopAtLevel=1");
        }
        Path workDir = Files.createTempDirectory("threatloop-load");
        try (Stack stack = Stack.prepare(workDir, new Stack.Options(false, null, 9681))) {
            System.err.println("starting Kafka, PostgreSQL and the four services ...");
            stack.start(home, Map.of(), new PrintStream(OutputStream.nullOutputStream()));
            for (int more = 1; more < replicas; more++) {
                for (String service : List.of("model-service", "risk-service", "notifier-service")) {
                    stack.addReplica(service);
                }
            }
            try (Feeder feeder = new Feeder(stack.kafkaClientProperties())) {
                feeder.run("warm-up", feeder.prepare(warmUp, 0), 0); // JIT and connection pools, not measured
                Feeder.Prepared atRate = feeder.prepare(count, 1);
                Map<String, Double> cpu0 = ProcessCpu.snapshot();
                Map<String, Double> jit0 = ProcessCpu.compilerSnapshot();
                Result fixed = feeder.run("fixed rate " + rate + "/s", atRate, rate);
                Feeder.Prepared asFast = feeder.prepare(fullSpeed, 2);
                Map<String, Double> cpu1 = ProcessCpu.snapshot();
                Map<String, Double> jit1 = ProcessCpu.compilerSnapshot();
                Result full = feeder.run("full speed", asFast, 0);
                Map<String, Double> cpu2 = ProcessCpu.snapshot();
                Map<String, Double> jit2 = ProcessCpu.compilerSnapshot();
                double ceiling = baseline(stack.kafkaClientProperties(), count);
                System.out.printf(Locale.ROOT, "%n%s%n%s%n", fixed, full);
                printCpu(fixed, ProcessCpu.between(cpu0, cpu1), ProcessCpu.between(jit0, jit1));
                printCpu(full, ProcessCpu.between(cpu1, cpu2), ProcessCpu.between(jit1, jit2));
                System.out.printf(Locale.ROOT, "baseline (consume api-observations, insert into PostgreSQL, batches of"
                        + " 500): %,.0f records/s; end to end at full speed = %.1f%% of it%n", ceiling,
                        100 * full.perSecond() / ceiling);
                for (ServiceProcess service : stack.services()) {
                    System.out.printf(Locale.ROOT, "%-17s RSS %s, peak %s%n", service.name(),
                            memory(service.pid(), "VmRSS"), memory(service.pid(), "VmHWM"));
                }
            }
        }
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s; %d observations to warm up, %d at the fixed rate,"
                        + " %d at full speed; %d replica(s) of model-, risk- and notifier-service; the benchmark's JVM %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), warmUp, count, fullSpeed,
                replicas, lightJit() ? "on C1 alone" : "with C2 (its own compiling counted in its CPU)");
    }

    /**
     * Whether this JVM compiles with C1 alone: the feeder and reader are the same few paths all the
     * time, and C2 kept compiling them through the measured phases however long the warm-up.
     */
    private static boolean lightJit() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                .contains("-XX:TieredStopAtLevel=1");
    }

    /**
     * CPU per process kind during a phase: seconds, milliseconds per observation, cores kept busy;
     * then how much of it the JVMs spent compiling.
     */
    private static void printCpu(Result phase, Map<String, Double> spent, Map<String, Double> compiling) {
        System.out.printf(Locale.ROOT, "CPU during %s (%.1f s):%n", phase.phase(), phase.seconds());
        double total = 0;
        for (Map.Entry<String, Double> e : spent.entrySet()) {
            total += e.getValue();
            System.out.printf(Locale.ROOT, "  %-17s %7.1f s  %6.2f ms/observation  %.2f cores%n", e.getKey(),
                    e.getValue(), 1000 * e.getValue() / phase.observations(), e.getValue() / phase.seconds());
        }
        System.out.printf(Locale.ROOT, "  %-17s %7.1f s  %6.2f ms/observation  %.2f cores%n", "all", total,
                1000 * total / phase.observations(), total / phase.seconds());
        double jit = compiling.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder each = new StringBuilder();
        compiling.forEach((kind, seconds) -> each.append(each.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f", kind, seconds)));
        System.out.printf(Locale.ROOT, "  of it JIT compiling %5.1f s  %6.2f ms/observation  (%s)%n", jit,
                1000 * jit / phase.observations(), each);
    }

    /** What one phase measured. */
    record Result(String phase, int observations, double seconds, long[] latenciesMs, String hops) {
        double perSecond() {
            return observations / seconds;
        }

        @Override
        public String toString() {
            long[] sorted = latenciesMs.clone();
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "%-18s %,d observations -> %,d RiskChanged in %.1f s = %,.0f observations/s"
                            + " end to end; latency observation -> RiskChanged p50 %d ms, p95 %d ms, p99 %d ms,"
                            + " p99.9 %d ms%n%s",
                    phase, observations, sorted.length, seconds, perSecond(), percentile(sorted, 50),
                    percentile(sorted, 95), percentile(sorted, 99), percentile(sorted, 99.9), hops);
        }

        private static long percentile(long[] sorted, double p) {
            return LatencyHops.percentile(sorted, p, -1);
        }
    }

    /** Sends observations and matches each RiskChanged to the observation that caused it. */
    static final class Feeder implements AutoCloseable {
        private final KafkaProducer<String, String> producer;
        private final KafkaConsumer<String, String> consumer;
        private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        private final Map<String, Long> latency = new ConcurrentHashMap<>();
        private final Map<String, Integer> operations = new ConcurrentHashMap<>();
        private final LatencyHops hops = new LatencyHops();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread reader;
        private volatile long lastArrival;

        Feeder(Map<String, String> kafka) {
            producer = new KafkaProducer<>(with(kafka, Map.of("linger.ms", "2")),
                    new StringSerializer(), new StringSerializer());
            consumer = new KafkaConsumer<>(with(kafka, Map.of("group.id", "load-benchmark",
                    "auto.offset.reset", "earliest")), new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(Topics.RISK_CHANGES, Topics.THREATMODEL_EVENTS));
            reader = new Thread(this::read, "risk-changes-reader");
            reader.start();
        }

        /** A phase's observations, built and encoded before it starts (and before its CPU is read). */
        record Prepared(List<String> ids, List<ProducerRecord<String, String>> records) {
        }

        /**
         * The next {@code count} observations of round {@code round}: encoded before the clock starts,
         * so that a phase measures the system, not this JVM writing JSON.
         */
        Prepared prepare(int count, int round) {
            List<String> ids = new ArrayList<>();
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String app = "load-" + round + "-" + (i % APPLICATIONS);
                Envelope<SpecObserved> observation = observation(app);
                ids.add(observation.id());
                records.add(new ProducerRecord<>(Topics.API_OBSERVATIONS, app, EventCodec.encode(observation)));
            }
            return new Prepared(ids, records);
        }

        Result run(String phase, Prepared prepared, int rate) throws InterruptedException {
            latency.clear();
            hops.clear();
            List<String> ids = prepared.ids();
            int count = ids.size();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (rate > 0) {
                    // parked, not spinning: a spinning feeder took 0.74 of the 2 cores at 20/s (37 ms of
                    // CPU per observation), measuring itself instead of the system
                    long due = start + (long) (i * 1e9 / rate);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
                hops.sent(ids.get(i));
                sentAt.put(ids.get(i), System.nanoTime());
                producer.send(prepared.records().get(i));
            }
            producer.flush();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (ids.stream().anyMatch(id -> !latency.containsKey(id)) && System.nanoTime() < deadline) {
                Thread.sleep(50); // a benchmark's wait for the last result, not a test
            }
            long[] latencies = ids.stream().filter(latency::containsKey).mapToLong(latency::get).toArray();
            double seconds = (lastArrival - start) / 1e9;
            System.err.printf(Locale.ROOT, "%s: %d of %d observations reached risk-changes%n", phase, latencies.length,
                    count);
            return new Result(phase, count, seconds, latencies, hops.summary(ids));
        }

        /** The app's next version: one more operation, without authentication, so one new threat. */
        private Envelope<SpecObserved> observation(String app) {
            int size = operations.merge(app, 1, Integer::sum);
            List<ApiOperation> ops = new ArrayList<>();
            for (int i = 1; i <= size; i++) {
                String path = "/items" + i + "/{}";
                ops.add(new ApiOperation("GET " + path, "GET", path, null, false,
                        i == size ? List.of() : List.of(new SecurityRequirement(Map.of("bearer", List.of()))),
                        List.of(), List.of(), List.of(), List.of("200", "429"), Map.of()));
            }
            String commit = Long.toHexString(System.nanoTime()) + Integer.toHexString(size);
            SourceRef source = new SourceRef("git", "file:///load", commit, "openapi.yaml", "bench", Instant.now());
            SpecObserved data = new SpecObserved(app, source, "sha256:" + commit,
                    new ApiSurface("Items", String.valueOf(size), "openapi-3.0.3", List.of(), Map.of(), ops), List.of(),
                    List.of());
            return Envelope.of(Envelope.newId(), "/bench", Instant.now(), commit, commit, data);
        }

        private void read() {
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    try {
                        Envelope<?> event = EventCodec.decode(record.value());
                        if (record.topic().equals(Topics.THREATMODEL_EVENTS)) {
                            hops.modelEvent(event.causationid(), event.time(), record.timestamp());
                            continue;
                        }
                        RiskChanged changed = (RiskChanged) event.data();
                        for (Cause cause : changed.causes()) {
                            Long sent = cause.kind().equals("observation") ? sentAt.get(cause.id()) : null;
                            if (sent != null && latency.putIfAbsent(cause.id(), (now - sent) / 1_000_000) == null) {
                                hops.riskChanged(cause.id(), event.time(), record.timestamp());
                                lastArrival = now;
                            }
                        }
                    } catch (RuntimeException notOurs) {
                        // another event type or a record of an earlier run
                    }
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            reader.join();
            consumer.close();
            producer.close();
        }
    }

    /** The first hop's ceiling: read the observations back and insert them into PostgreSQL in batches. */
    private static double baseline(Map<String, String> kafka, int count) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(null);
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(with(kafka, Map.of(
                     "group.id", "load-baseline", "auto.offset.reset", "earliest", "max.poll.records", "500")),
                     new StringDeserializer(), new StringDeserializer())) {
            String database = postgres.createDatabase("baseline");
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(),
                    postgres.password()); Statement ddl = connection.createStatement()) {
                ddl.execute("create table received (topic text, record_partition int, record_offset bigint,"
                        + " message_key text, payload text, primary key (topic, record_partition, record_offset))");
                connection.setAutoCommit(false);
                consumer.subscribe(List.of(Topics.API_OBSERVATIONS));
                int received = 0;
                long start = 0;
                try (PreparedStatement insert = connection.prepareStatement("insert into received values (?, ?, ?, ?, ?)")) {
                    while (received < count) {
                        var records = consumer.poll(Duration.ofMillis(500));
                        if (records.isEmpty()) {
                            continue;
                        }
                        if (start == 0) {
                            start = System.nanoTime();
                        }
                        for (ConsumerRecord<String, String> record : records) {
                            insert.setString(1, record.topic());
                            insert.setInt(2, record.partition());
                            insert.setLong(3, record.offset());
                            insert.setString(4, record.key());
                            insert.setString(5, record.value());
                            insert.addBatch();
                        }
                        insert.executeBatch();
                        connection.commit();
                        consumer.commitSync();
                        received += records.count();
                    }
                }
                return received / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    static String memory(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(field + ":"))
                    .map(l -> String.format(Locale.ROOT, "%,d MB", Long.parseLong(l.replaceAll("\\D", "")) / 1024))
                    .findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    /** A client's configuration: the stack's address and login, and {@code more}. */
    private static Map<String, Object> with(Map<String, String> kafka, Map<String, String> more) {
        Map<String, Object> config = new java.util.HashMap<>(kafka);
        config.putAll(more);
        return config;
    }
}
