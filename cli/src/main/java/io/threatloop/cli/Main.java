package io.threatloop.cli;

import io.threatloop.cli.demo.DemoStory;
import io.threatloop.cli.stack.ServiceProcess;
import io.threatloop.cli.stack.Stack;
import io.threatloop.cli.watch.Watch;
import io.threatloop.cli.watch.WatchedSource;
import io.threatloop.contracts.Topics;
import io.threatloop.runtime.GitRepository;
import io.threatloop.runtime.OwnerOnlyFile;
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

/** The entry point, and {@code threatloop up | demo}: the whole system on one machine. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(Cli.execute(List.of(args), System.out, System.err));
    }

    /**
     * Runs the stack: with {@code scripted} (demo) always fresh, plays the demo history and
     * returns 0 only if every expected event arrived; otherwise (up) keeps running until Ctrl-C,
     * watching the {@code watched} repositories, or the demo repository when there are none.
     */
    public static int run(boolean scripted, boolean keycloak, boolean freshData, int firstPort,
                          List<WatchedSource> watched) throws IOException, InterruptedException {
        boolean fresh = scripted || freshData;
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
        boolean demo = watched.isEmpty();
        Path repositoryDir = (scripted ? workDir : dataDir).resolve("demo-repo");
        boolean replay = demo && !Files.exists(repositoryDir.resolve(".git"));
        GitRepository repository = !demo ? null
                : replay ? GitRepository.init(repositoryDir) : GitRepository.open(repositoryDir);
        Map<String, String> scanner = new java.util.LinkedHashMap<>();
        scanner.put("threatloop.scanner.poll-interval", "1s");
        if (demo) {
            scanner.put("threatloop.scanner.sources.demo.url", repository.url());
            scanner.put("threatloop.scanner.sources.demo.application", DemoStory.APPLICATION);
        } else {
            watched.forEach(source -> scanner.putAll(source.scannerProperties()));
        }

        long started = System.nanoTime();
        Stack stack = Stack.prepare(workDir, new Stack.Options(keycloak, scripted ? null : dataDir,
                firstPort));
        // registered before anything starts: Ctrl-C while starting stops what already runs
        Thread stopper = new Thread(() -> {
            out.println("\nstopping every process threatloop started ...");
            stack.close();
            if (repository != null) {
                repository.close();
            }
            out.println("stopped.");
        }, "threatloop-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            stack.start(home, scanner, out);
        } catch (Stack.PortTakenException e) { // nothing was started
            Runtime.getRuntime().removeShutdownHook(stopper);
            if (repository != null) {
                repository.close();
            }
            throw e;
        }
        stack.supervise(out);
        TopicRecorder recorder = new TopicRecorder(stack.kafkaClientProperties(), Topics.ALL_WITH_DEAD_LETTERS);
        Thread stopRecorder = new Thread(recorder::close, "threatloop-stop-recorder");
        Runtime.getRuntime().addShutdownHook(stopRecorder);
        out.printf("%nthreatloop is up in %.1f s.%s%n", (System.nanoTime() - started) / 1e9,
                demo ? " Demo repository: " + repository.url() : "");
        printWhereToLook(stack, out);

        EventPrinter printer = new EventPrinter(out);
        recorder.onRecord(printer::print);
        if (!demo) {
            String model = stack.services().stream().filter(s -> s.name().equals("model-service"))
                    .map(ServiceProcess::baseUrl).findFirst().orElse("");
            String scannerUrl = stack.services().stream().filter(s -> s.name().equals("scanner-service"))
                    .map(ServiceProcess::baseUrl).findFirst().orElse("");
            new Watch(watched, scannerUrl, model, stack.dashboardUrl(), recorder, out).start();
            out.println("\nthreatloop replays each repository's history, then follows it: commit and watch."
                    + " Ctrl-C stops threatloop.");
            Thread.currentThread().join();
            return 0;
        }
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
            out.println("  APIs, dashboard   need the sign-in server: run without --no-keycloak");
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
