package io.threatloop.cli;

import io.threatloop.cli.demo.DemoStory;
import io.threatloop.cli.gate.GateCommand;
import io.threatloop.cli.inspect.AllowListCommand;
import io.threatloop.cli.inspect.AnalyzeCommand;
import io.threatloop.cli.inspect.DiffCommand;
import io.threatloop.cli.inspect.ScanCommand;
import io.threatloop.runtime.OwnerOnlyFile;
import io.threatloop.cli.stack.ServiceProcess;
import io.threatloop.cli.stack.Stack;
import io.threatloop.contracts.Topics;
import io.threatloop.runtime.GitRepository;
import io.threatloop.runtime.TopicRecorder;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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

              up [--keycloak] [--fresh] [--ports FIRST]
                     run Kafka, PostgreSQL and the four services on this machine with a demo
                     git repository whose API evolves; prints what happens; Ctrl-C stops all.
                     Models, history, sign-in users and the demo repository are kept in
                     .threatloop/data between runs (--fresh starts empty). --keycloak also
                     starts the real Keycloak with the threatloop realm, for the APIs and the
                     dashboard. All on 127.0.0.1, with generated passwords readable only by
                     you (.threatloop/data/credentials.properties).
                     Services listen on 8081-8084 (--ports FIRST: FIRST to FIRST+3).
              demo [--keycloak]
                     the same, scripted and always fresh: plays the demo history, prints the
                     story and exits 0 only if every expected event arrived (the missing ones
                     are named)
              scan <repo-or-dir> [--from REV] [--json]
                     the observations of a local git history (commit by commit) or directory,
                     with the security-relevant changes of each spec; no server needed
              diff <old-spec> <new-spec> [--json]
                     the classified changes between two API descriptions
              analyze <spec> [--json|--sarif]
                     the threats in one API description (OWASP API Security Top 10 2023,
                     identity, parameter and man-in-the-middle attacks) with evidence and
                     countermeasures; --sarif writes SARIF 2.1.0 for code-scanning UIs
              gate --base REV [--head REV] [--repo DIR] [--fail-on critical|high|medium|low]
                   [--format text|json|sarif|markdown] [--quiet]
                     the threat-model delta of a change (a pull request): specs changed,
                     threats introduced and resolved, the risk before and after; exits 1
                     when it introduces a threat at --fail-on (default high) or above that
                     threatmodel.yaml does not accept (docs/CI.md)
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
            case "up", "demo" -> {
                try {
                    yield run(command.equals("demo"), List.of(args).subList(1, args.length));
                } catch (IllegalArgumentException | Stack.PortTakenException e) {
                    System.err.println("threatloop " + command + ": " + e.getMessage());
                    yield 2;
                }
            }
            case "scan" -> ScanCommand.run(List.of(args).subList(1, args.length), System.out, System.err);
            case "diff" -> DiffCommand.run(List.of(args).subList(1, args.length), System.out, System.err);
            case "analyze" -> AnalyzeCommand.run(List.of(args).subList(1, args.length), System.out, System.err);
            case "allowlist" -> AllowListCommand.run(List.of(args).subList(1, args.length), System.out, System.err);
            case "gate" -> GateCommand.run(List.of(args).subList(1, args.length), System.out, System.err);
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

    private static int run(boolean scripted, List<String> args) throws IOException, InterruptedException {
        boolean keycloak = args.contains("--keycloak");
        boolean fresh = scripted || args.contains("--fresh");
        int firstPort = Stack.Options.DEFAULT_FIRST_PORT;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--keycloak", "--fresh" -> { }
                case "--ports" -> firstPort = port(i + 1 < args.size() ? args.get(++i) : "");
                default -> throw new IllegalArgumentException("unknown option '" + args.get(i) + "'\n\n" + USAGE);
            }
        }
        PrintStream out = System.out;
        Path home = Path.of(System.getProperty("threatloop.home", ".")).toAbsolutePath().normalize();
        Path workDir = home.resolve(".threatloop").resolve("run");
        Path dataDir = home.resolve(".threatloop").resolve("data");
        Stack.stopLeftovers(workDir, out);
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        if (fresh && !scripted && Files.exists(dataDir)) {
            out.println("data        --fresh: deleting the models and history of earlier runs (" + dataDir + ")");
            deleteRecursively(dataDir);
        }
        Path repositoryDir = (scripted ? workDir : dataDir).resolve("demo-repo");
        boolean replay = !Files.exists(repositoryDir.resolve(".git"));
        GitRepository repository = replay ? GitRepository.init(repositoryDir) : GitRepository.open(repositoryDir);
        Map<String, String> scanner = Map.of(
                "threatloop.scanner.sources.demo.url", repository.url(),
                "threatloop.scanner.sources.demo.application", DemoStory.APPLICATION,
                "threatloop.scanner.poll-interval", "1s");

        long started = System.nanoTime();
        Stack stack = Stack.prepare(workDir, new Stack.Options(keycloak, scripted ? null : dataDir,
                firstPort));
        // registered before anything starts: Ctrl-C while starting stops what already runs
        Thread stopper = new Thread(() -> {
            out.println("\nstopping every process threatloop started ...");
            stack.close();
            repository.close();
            out.println("stopped.");
        }, "threatloop-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            stack.start(home, scanner, out);
        } catch (Stack.PortTakenException e) { // nothing was started
            Runtime.getRuntime().removeShutdownHook(stopper);
            repository.close();
            throw e;
        }
        stack.supervise(out);
        TopicRecorder recorder = new TopicRecorder(stack.kafkaClientProperties(), Topics.ALL_WITH_DEAD_LETTERS);
        Thread stopRecorder = new Thread(recorder::close, "threatloop-stop-recorder");
        Runtime.getRuntime().addShutdownHook(stopRecorder);
        out.printf("%nthreatloop is up in %.1f s. Demo repository: %s%n", (System.nanoTime() - started) / 1e9,
                repository.url());
        printWhereToLook(stack, out);

        EventPrinter printer = new EventPrinter(out);
        recorder.onRecord(printer::print);
        if (!replay) {
            out.println("\nthe demo repository and the models of the last run are kept (--fresh starts over): commit to "
                    + repository.dir() + " to see what changes. Ctrl-C stops threatloop.");
            Thread.currentThread().join();
            return 0;
        }
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
            Runtime.getRuntime().removeShutdownHook(stopRecorder);
            recorder.close();
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
        if (stack.admin() == null) {
            out.println("  APIs, dashboard   need a sign-in server: run with --keycloak");
            return;
        }
        printLogin(stack.admin(), stack.issuer(), stack.workDir().resolve("admin-password"), model,
                stack.dashboardUrl(), out);
    }

    /** The login of this run: the password goes to a file only the user can read, never to the screen. */
    static void printLogin(Stack.Login admin, String issuer, Path passwordFile, String model, String dashboardUrl,
                           PrintStream out) {
        try {
            OwnerOnlyFile.write(passwordFile, admin.password()); // no newline: curl would send it
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the login to " + passwordFile, e);
        }
        // the password stays off the screen and out of shell history: curl reads it from the file
        out.println("  API login         " + admin.username() + ", password in " + passwordFile
                + " (readable only by you; administrator of this run, realm " + issuer + ")");
        out.println("                    TOKEN=$(curl -s -d grant_type=password -d client_id=threatloop-cli -d username="
                + admin.username() + " --data-urlencode password@" + passwordFile + " " + issuer
                + "/protocol/openid-connect/token | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')");
        out.println("                    curl -H \"Authorization: Bearer $TOKEN\" " + model + "/api/models");
        out.println("  risk dashboard    " + dashboardUrl + "  (sign in as " + admin.username()
                + ", password: cat " + passwordFile + ")");
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1024 && port <= 65532) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--ports wants the first of four free ports (1024-65532), got '" + value + "'");
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
