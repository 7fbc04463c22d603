package io.threatloop.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a service's CPU goes, from a flight recording's execution samples: the share of samples
 * whose stack passes through each kind of code (inclusive: Hibernate's dirty check counts as
 * Hibernate and as JSON when it parses JSON), and the kind of the frame that was running (self).
 *
 * <pre>java -cp "target/bench-0.1.0-SNAPSHOT.jar:target/lib/*" io.threatloop.bench.JfrBreakdown /tmp/jfr/*.jfr</pre>
 */
public final class JfrBreakdown {

    /** Kinds of code by class-name prefix, the first that matches decides. */
    private static final List<Map.Entry<String, String>> KINDS = List.of(
            Map.entry("io.threatloop.analysis.", "rules and rating (analysis)"),
            Map.entry("io.threatloop.contracts.", "event contracts (codec)"),
            Map.entry("io.threatloop.", "threatloop service code"),
            Map.entry("com.fasterxml.jackson.", "JSON (Jackson)"),
            Map.entry("org.hibernate.", "Hibernate"),
            Map.entry("io.vertx.pgclient.", "PostgreSQL client"),
            Map.entry("io.vertx.sqlclient.", "PostgreSQL client"),
            Map.entry("org.apache.kafka.", "Kafka client"),
            Map.entry("io.smallrye.reactive.messaging.", "reactive messaging"),
            Map.entry("io.smallrye.mutiny.", "Mutiny"),
            Map.entry("io.quarkus.", "Quarkus"),
            Map.entry("io.vertx.", "Vert.x and Netty"),
            Map.entry("io.netty.", "Vert.x and Netty"),
            Map.entry("org.jboss.logmanager.", "logging"),
            Map.entry("org.jboss.logging.", "logging"),
            Map.entry("net.jpountz.", "compression (lz4)"),
            Map.entry("org.yaml.", "YAML"),
            Map.entry("java.util.regex.", "regular expressions"),
            Map.entry("java.", "JDK"),
            Map.entry("jdk.", "JDK"),
            Map.entry("sun.", "JDK"));

    private JfrBreakdown() {
    }

    public static void main(String[] args) throws IOException {
        for (String file : args) {
            Map<String, Integer> inclusive = new TreeMap<>();
            Map<String, Integer> self = new TreeMap<>();
            Map<String, Integer> topMethods = new TreeMap<>();
            int samples = 0;
            for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(file))) {
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                RecordedFrame top = frames.get(0);
                self.merge(kind(top), 1, Integer::sum);
                topMethods.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    seen.add(kind(frame));
                }
                seen.forEach(kind -> inclusive.merge(kind, 1, Integer::sum));
            }
            System.out.printf(Locale.ROOT, "%n%s: %,d execution samples%n", file, samples);
            System.out.printf(Locale.ROOT, "  %-32s %9s %7s%n", "kind of code", "inclusive", "self");
            Map<String, Integer> ordered = new LinkedHashMap<>();
            inclusive.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(e -> ordered.put(e.getKey(), e.getValue()));
            for (Map.Entry<String, Integer> e : ordered.entrySet()) {
                System.out.printf(Locale.ROOT, "  %-32s %8.1f%% %6.1f%%%n", e.getKey(), 100.0 * e.getValue() / samples,
                        100.0 * self.getOrDefault(e.getKey(), 0) / samples);
            }
            System.out.println("  hottest methods (self):");
            int all = samples;
            topMethods.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                    .forEach(e -> System.out.printf(Locale.ROOT, "    %5.1f%% %s%n", 100.0 * e.getValue() / all,
                            e.getKey()));
        }
    }

    private static String kind(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        for (Map.Entry<String, String> kind : KINDS) {
            if (type.startsWith(kind.getKey())) {
                return kind.getValue();
            }
        }
        return "other";
    }
}
