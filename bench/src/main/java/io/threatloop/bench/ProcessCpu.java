package io.threatloop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of every process on the machine, by what it is (a service, PostgreSQL, the Kafka
 * broker, this benchmark), read from {@code /proc}: a phase's cost is the difference of two
 * snapshots. PostgreSQL counts its backends and the time of backends that exited.
 */
final class ProcessCpu {

    /** Kernel clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** CPU seconds by process kind. */
    static Map<String, Double> snapshot() {
        return byKind((kind, dir) -> {
            String[] fields = statFields(Files.readString(dir.resolve("stat")));
            double seconds = ticks(fields, 11, 12);
            // exited backends' time is in their parent's cutime/cstime
            return kind.equals("postgresql") ? seconds + ticks(fields, 13, 14) : seconds;
        });
    }

    /**
     * CPU seconds of the JVMs' just-in-time compiler threads by process kind (included in
     * {@link #snapshot}): the part of a phase that is the JVMs warming up, not the work itself.
     */
    static Map<String, Double> compilerSnapshot() {
        return byKind((kind, dir) -> {
            if (kind.equals("postgresql")) {
                return 0.0;
            }
            double seconds = 0;
            try (Stream<Path> threads = Files.list(dir.resolve("task"))) {
                for (Path thread : threads.toList()) {
                    String stat = Files.readString(thread.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        seconds += ticks(statFields(stat), 11, 12);
                    }
                }
            }
            return seconds;
        });
    }

    /** What {@code measure} reads of each process of a known kind, summed by kind. */
    private static Map<String, Double> byKind(ProcessMeasure measure) {
        Map<String, Double> seconds = new TreeMap<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(dir -> {
                try {
                    String kind = kind(Long.parseLong(dir.getFileName().toString()) == self, dir);
                    if (kind != null) {
                        seconds.merge(kind, measure.seconds(kind, dir), Double::sum);
                    }
                } catch (IOException gone) {
                    // the process (or thread) ended between listing and reading: its time is lost to this
                    // snapshot (a stat line that does not parse is a bug here and fails the run, not a lost figure)
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc: " + e.getMessage(), e);
        }
        return seconds;
    }

    @FunctionalInterface
    private interface ProcessMeasure {
        double seconds(String kind, Path dir) throws IOException;
    }

    /** The fields after the command name, which is in parentheses and may hold spaces. */
    private static String[] statFields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static double ticks(String[] fields, int first, int second) {
        return (Long.parseLong(fields[first]) + Long.parseLong(fields[second])) / TICKS_PER_SECOND;
    }

    private static String kind(boolean self, Path dir) throws IOException {
        if (self) {
            return "benchmark";
        }
        // by the main class or the jar, not by the whole command: class paths and properties name services too
        List<String> args = List.of(Files.readString(dir.resolve("cmdline")).split("\0"));
        if (args.contains("kafka.Kafka")) {
            return "kafka";
        }
        int jar = args.indexOf("-jar");
        if (jar >= 0 && jar + 1 < args.size()) {
            for (String service : new String[] {"scanner-service", "model-service", "risk-service", "notifier-service"}) {
                if (args.get(jar + 1).contains("/" + service + "/")) {
                    return service;
                }
            }
        }
        String comm = Files.readString(dir.resolve("comm")).strip();
        return comm.equals("postgres") ? "postgresql" : null;
    }

    /** {@code after - before} per kind. */
    static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> spent = new LinkedHashMap<>();
        after.forEach((kind, seconds) -> spent.put(kind, seconds - before.getOrDefault(kind, 0.0)));
        return spent;
    }
}
