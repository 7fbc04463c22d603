package io.threatloop.cli;

import io.threatloop.cli.demo.DemoStory;
import io.threatloop.cli.inspect.AllowListCommand;
import io.threatloop.cli.inspect.AnalyzeCommand;
import io.threatloop.cli.inspect.DiffCommand;
import io.threatloop.cli.inspect.ScanCommand;
import io.threatloop.cli.stack.ServiceProcess;
import io.threatloop.cli.stack.Stack;
import io.threatloop.contracts.Topics;
import io.threatloop.testsupport.GitRepository;
import io.threatloop.testsupport.TopicRecorder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@code threatloop up | demo}: the whole system on one machine. */
public final class Main {

    private static final String USAGE = """
            usage: threatloop <command>

              up     run Kafka, PostgreSQL and the four services on this machine with a demo
                     git repository whose API evolves; prints what happens; Ctrl-C stops all
              demo   the same, scripted: plays the demo history, prints the story and exits 0
                     only if every expected event arrived (the missing ones are named)
              scan <repo-or-dir> [--from REV] [--json]
                     the observations of a local git history (commit by commit) or directory,
                     with the security-relevant changes of each spec; no server needed
              diff <old-spec> <new-spec> [--json]
                     the classified changes between two API descriptions
              analyze <spec> [--json|--sarif]
                     the threats in one API description (OWASP API Security Top 10 2023,
                     identity, parameter and man-in-the-middle attacks) with evidence and
                     countermeasures; --sarif writes SARIF 2.1.0 for code-scanning UIs
              allowlist <spec> (--nginx <upstream-url> | --envoy)
                     a gateway allow-list of the documented methods and paths (NGINX
                     location blocks or an Envoy RBAC filter): nothing else is reachable

            KAFKA_BOOTSTRAP_SERVERS and PGHOST/PGPORT/PGUSER/PGPASSWORD use existing servers
            instead of the embedded ones.
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String command = args.length == 0 ? "help" : args[0];
        int exit = switch (command) {
            case "up" -> run(false);
            case "demo" -> run(true);
            case "scan" -> ScanCommand.run(List.of(args).subList(1, args.length), System.out, System.err);
            case "diff" -> DiffCommand.run(List.of(args).subList(1, args.length), System.out, System.err);
            case "analyze" -> AnalyzeCommand.run(List.of(args).subList(1, args.length), System.out, System.err);
            case "allowlist" -> AllowListCommand.run(List.of(args).subList(1, args.length), System.out, System.err);
            case "help", "-h", "--help" -> {
                System.out.print(USAGE);
                yield 0;
            }
            default -> {
                System.err.println("threatloop: unknown command '" + command + "'\n");
                System.err.print(USAGE);
                yield 2;
            }
        };
        System.exit(exit);
    }

    private static int run(boolean scripted) throws IOException, InterruptedException {
        PrintStream out = System.out;
        Path home = Path.of(System.getProperty("threatloop.home", ".")).toAbsolutePath().normalize();
        Path workDir = home.resolve(".threatloop").resolve("run");
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        GitRepository repository = GitRepository.init(workDir.resolve("demo-repo"));
        Map<String, String> scanner = Map.of(
                "threatloop.scanner.sources.demo.url", repository.url(),
                "threatloop.scanner.sources.demo.application", DemoStory.APPLICATION,
                "threatloop.scanner.poll-interval", "1s");

        long started = System.nanoTime();
        Stack stack = Stack.start(home, workDir, scanner, out);
        TopicRecorder recorder = new TopicRecorder(stack.bootstrapServers(), Topics.ALL_WITH_DEAD_LETTERS);
        Thread stopper = new Thread(() -> {
            out.println("\nstopping every process threatloop started ...");
            recorder.close();
            stack.close();
            repository.close();
            out.println("stopped.");
        }, "threatloop-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        out.printf("%nthreatloop is up in %.1f s. Demo repository: %s%n", (System.nanoTime() - started) / 1e9,
                repository.url());
        printWhereToLook(stack, out);

        EventPrinter printer = new EventPrinter(out);
        recorder.onRecord(printer::print);
        List<DemoStory.StepResult> results = DemoStory.play(repository, recorder, Duration.ofSeconds(90), out);
        long missing = results.stream().mapToLong(r -> r.missing().size()).sum();
        out.println();
        if (missing == 0) {
            out.println("demo complete: every expected event arrived.");
        } else {
            out.println("demo INCOMPLETE: " + missing + " expected event(s) missing (see MISSING above and the logs in "
                    + workDir.resolve("logs") + ")");
        }
        if (scripted) {
            Runtime.getRuntime().removeShutdownHook(stopper);
            stopper.run();
            return missing == 0 ? 0 : 1;
        }
        out.println("\nthreatloop keeps running: commit to " + repository.dir() + " to see more. Ctrl-C stops it.");
        Thread.currentThread().join();
        return 0;
    }

    private static void printWhereToLook(Stack stack, PrintStream out) {
        out.println("where to look:");
        for (ServiceProcess service : stack.services()) {
            out.printf("  %-17s OpenAPI UI %s/q/swagger-ui  health %s/q/health  metrics %s/q/metrics%n",
                    service.name(), service.baseUrl(), service.baseUrl(), service.baseUrl());
        }
        out.println("  events            topics " + String.join(", ", Topics.ALL) + " (and their .dlq)");
        String model = stack.services().stream().filter(s -> s.name().equals("model-service"))
                .map(ServiceProcess::baseUrl).findFirst().orElse("");
        out.println("  API login         " + stack.admin().username() + " / " + stack.admin().password()
                + "  (administrator of this run, realm " + stack.issuer() + ")");
        out.println("                    TOKEN=$(curl -s -d grant_type=password -d client_id=threatloop-cli -d username="
                + stack.admin().username() + " -d password=" + stack.admin().password() + " " + stack.issuer()
                + "/protocol/openid-connect/token | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')");
        out.println("                    curl -H \"Authorization: Bearer $TOKEN\" " + model + "/api/models");
        out.println("  risk dashboard    " + stack.dashboardUrl() + "  (sign in with the API login)");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
