package io.threatloop.cli.stack;

import io.threatloop.contracts.Topics;
import io.threatloop.runtime.EmbeddedKeycloak;
import io.threatloop.runtime.EmbeddedPostgres;
import io.threatloop.runtime.ExternalServers;
import io.threatloop.runtime.KafkaBrokerProcess;
import io.threatloop.runtime.KafkaTopics;
import io.threatloop.runtime.OwnerOnlyFile;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole system on one machine: a Kafka broker and PostgreSQL (started here unless
 * KAFKA_BOOTSTRAP_SERVERS / PGHOST name real ones), optionally the real Keycloak, and the four
 * packaged services as separate processes. Started in dependency order, each part waited for
 * until healthy. {@link #close()} stops everything started so far, also when called while
 * starting (Ctrl-C): nothing is left running.
 *
 * <p>Private to the user who runs it: everything listens on loopback only, and the servers it
 * starts take only the generated passwords of {@link LocalCredentials} (a file only that user
 * reads), which reach the processes by environment or such files, never by arguments.
 */
public final class Stack implements AutoCloseable {

    /** A service of the system, its port's place after the first port, and its database. */
    /** {@code heapMb}: model-service holds a whole model while it applies an observation (5,000 operations: ~300 MB). */
    record Service(String name, int portOffset, String database, int heapMb) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("scanner-service", 0, "threatloop_scanner", 256),
            new Service("model-service", 1, "threatloop_model", 512),
            new Service("risk-service", 2, "threatloop_risk", 256),
            new Service("notifier-service", 3, "threatloop_notifier", 256));

    /**
     * How to run: {@code keycloak} also starts the real Keycloak with the realm (the APIs and the
     * dashboard need it; without it they answer 401); {@code dataDir} keeps PostgreSQL's data
     * (the models, and Keycloak's users and teams) and the credentials there between runs (null:
     * throw-away, in the work directory); services listen on {@code firstPort} and the three
     * ports after it; {@code serviceProperties} go to every service (e.g. a shorter Kafka session
     * timeout for the fault tests).
     */
    public record Options(boolean keycloak, Path dataDir, int firstPort, Map<String, String> serviceProperties) {
        public static final int DEFAULT_FIRST_PORT = 8081;

        public Options {
            serviceProperties = Map.copyOf(serviceProperties);
        }

        public Options(boolean keycloak, Path dataDir, int firstPort) {
            this(keycloak, dataDir, firstPort, Map.of());
        }
    }

    /** A user of the embedded realm, made for this run. */
    public record Login(String username, String password) {
    }

    /** Where the pids of the running services are kept while they run. */
    static final String PIDS = "services.pids";

    private final Path workDir;
    private final Options options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private CompletableFuture<EmbeddedKeycloak> startingKeycloak;
    private String bootstrapServers;
    private Map<String, String> kafkaClient;
    private String issuer;
    private Login admin;
    private String keycloakUrl;
    private boolean closed;
    private boolean embeddedKeycloak;
    private EmbeddedPostgres embeddedPostgres;
    private KafkaBrokerProcess kafkaProcess;

    private Stack(Path workDir, Options options) {
        this.workDir = workDir;
        this.options = options;
    }

    /** A stack not started yet: register its {@link #close()} (e.g. as a shutdown hook), then {@link #start}. */
    public static Stack prepare(Path workDir, Options options) {
        return new Stack(workDir, options);
    }

    /** Prepares and starts, with the real Keycloak, a throw-away database and the default ports. */
    public static Stack start(Path home, Path workDir, Map<String, String> scannerProperties, PrintStream out)
            throws IOException {
        Stack stack = prepare(workDir, new Options(true, null, Options.DEFAULT_FIRST_PORT));
        try {
            stack.start(home, scannerProperties, out);
        } catch (RuntimeException | IOException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /**
     * Starts Keycloak (if asked; the slowest, 10-35 s, so first and in the background), Kafka
     * with the topics, PostgreSQL with a database per service, then the services once both are
     * up, and waits until every service is ready. Fails before starting anything when a
     * service's port is taken.
     */
    public void start(Path home, Map<String, String> scannerProperties, PrintStream out) throws IOException {
        try {
            startInOrder(home, scannerProperties, out);
        } catch (RuntimeException | IOException e) {
            synchronized (this) {
                if (closed) { // whatever failed, it failed because everything is being stopped
                    throw new IllegalStateException("stopped while starting", e);
                }
            }
            throw e;
        }
    }

    private void startInOrder(Path home, Map<String, String> scannerProperties, PrintStream out) throws IOException {
        for (Service service : SERVICES) {
            requireFree(options.firstPort() + service.portOffset(), service.name());
        }
        Files.createDirectories(workDir.resolve("logs"));
        LocalCredentials credentials = LocalCredentials.in(options.dataDir() != null ? options.dataDir() : workDir);
        EmbeddedPostgres postgres = startPostgres(credentials, out);
        if (options.keycloak()) {
            startKeycloak(postgres, credentials, out);
        } else {
            out.println("keycloak    not started: the APIs and the dashboard answer 401 (--no-keycloak was given; without it you can sign in)");
        }
        var external = ExternalServers.kafka();
        if (external.isPresent()) {
            bootstrapServers = external.get();
            kafkaClient = Map.of("bootstrap.servers", bootstrapServers);
            out.println("kafka       using " + bootstrapServers + " (" + ExternalServers.KAFKA + ")");
        } else {
            out.println("kafka       starting a broker process (KRaft, loopback, password) ...");
            kafkaProcess = keep(KafkaBrokerProcess.start(workDir.resolve("kafka"), credentials.kafka()));
            bootstrapServers = kafkaProcess.bootstrapServers();
            kafkaClient = kafkaProcess.clientProperties();
            out.println("kafka       ready at " + bootstrapServers);
        }
        KafkaTopics.create(kafkaClient, Topics.ALL_WITH_DEAD_LETTERS, 4);
        if (options.keycloak()) {
            useKeycloak(joined(startingKeycloak), credentials, out);
        }
        startServices(home, postgres, scannerProperties, out);
    }

    /**
     * Keycloak is the slowest to start (10-35 s; the first time on a new database 40-60 s), so
     * in the background while Kafka starts. Its data goes to a database of the stack's
     * PostgreSQL, so realm, users and teams survive {@code up} like the models.
     */
    private void startKeycloak(EmbeddedPostgres postgres, LocalCredentials credentials, PrintStream out) {
        var external = ExternalServers.keycloak();
        if (external.isPresent()) {
            out.println("keycloak    using " + external.get().url() + " (KEYCLOAK_URL)");
            startingKeycloak = CompletableFuture.completedFuture(external.get());
            return;
        }
        postgres.createDatabaseNamed(KEYCLOAK_DATABASE);
        var database = new EmbeddedKeycloak.Database(postgres.jdbcUrl(KEYCLOAK_DATABASE), postgres.user(),
                postgres.password());
        out.println("keycloak    starting the real Keycloak " + EmbeddedKeycloak.VERSION
                + " with the threatloop realm, its users kept in PostgreSQL (10-60 s) ...");
        startingKeycloak = CompletableFuture.supplyAsync(() -> EmbeddedKeycloak.start(database,
                credentials.keycloakAdmin()));
        CompletableFuture<EmbeddedKeycloak> keycloak = startingKeycloak;
        keep(() -> { // waits for a Keycloak still starting, so that it is stopped too
            try {
                keycloak.join().close();
            } catch (CompletionException failedToStart) {
                // nothing to stop
            }
        });
        embeddedKeycloak = true;
    }

    static final String KEYCLOAK_DATABASE = "threatloop_keycloak";

    private EmbeddedPostgres startPostgres(LocalCredentials credentials, PrintStream out) {
        var external = ExternalServers.postgres();
        if (external.isPresent()) {
            out.println("postgresql  using " + external.get().host() + " (PGHOST)");
            return external.get();
        }
        Path dataDir = options.dataDir() != null ? options.dataDir().resolve("postgres") : workDir.resolve("postgres");
        boolean kept = options.dataDir() != null && Files.exists(dataDir.resolve("postgresql.conf"));
        out.println("postgresql  starting an embedded server" + (options.dataDir() == null ? "" : kept
                ? " on the data of the last run (" + dataDir + "; --fresh starts empty)"
                : " (data kept in " + dataDir + ")") + " ...");
        embeddedPostgres = keep(EmbeddedPostgres.start(dataDir, options.dataDir() != null, credentials.postgres()));
        return embeddedPostgres;
    }

    /** Stops the Kafka broker and starts it again on its data and ports (a broker this stack started). */
    public void restartKafka() {
        if (kafkaProcess == null) {
            throw new IllegalStateException("this stack did not start its broker");
        }
        kafkaProcess.restart();
    }

    /** Stops PostgreSQL and starts it again on its data and port (only with {@code Options.dataDir}). */
    public void restartPostgres() {
        if (embeddedPostgres == null) {
            throw new IllegalStateException("this stack did not start PostgreSQL");
        }
        embeddedPostgres.restart();
    }

    /**
     * The administrator of the local stack, made at the first start with a generated password
     * (nothing in the realm has a default one) and kept with the rest of the credentials.
     */
    private void useKeycloak(EmbeddedKeycloak server, LocalCredentials credentials, PrintStream out) {
        issuer = server.issuer();
        keycloakUrl = embeddedKeycloak ? server.url() : null;
        admin = new Login("threatloop-admin", credentials.threatloopAdmin());
        server.admin(EmbeddedKeycloak.REALM).user(admin.username(), admin.password(), List.of(), List.of("admin"));
        out.println("keycloak    ready at " + server.url() + " (realm " + EmbeddedKeycloak.REALM + ")");
    }

    private void startServices(Path home, EmbeddedPostgres postgres, Map<String, String> scannerProperties,
                               PrintStream out) throws IOException {
        Path logs = workDir.resolve("logs");
        out.println("services    starting " + SERVICES.size() + " processes (logs in " + logs + ") ...");
        for (Service service : SERVICES) {
            Map<String, String> properties = new LinkedHashMap<>(options.serviceProperties());
            kafkaClient.forEach((key, value) -> properties.put("kafka." + key, value));
            if (issuer != null) {
                properties.put("quarkus.oidc.auth-server-url", issuer);
            } else { // no sign-in server: every API call is refused, none waits for one
                properties.put("quarkus.oidc.tenant-enabled", "false");
            }
            postgres.createDatabaseNamed(service.database());
            properties.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(service.database()));
            properties.put("quarkus.datasource.username", postgres.user());
            properties.put("quarkus.datasource.password", postgres.password());
            if (service.name().equals("scanner-service")) {
                properties.putAll(scannerProperties);
                properties.put("threatloop.scanner.work-dir", workDir.resolve("scanner").toString());
                properties.put("threatloop.scanner.sources-api.token-keys-file", tokenKeys(options.dataDir() != null ? options.dataDir() : workDir).toString());
            } else {
                properties.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(service.database()));
            }
            if (service.name().equals("risk-service")) { // its dashboard shows whether the others are ready
                for (Service other : SERVICES) {
                    if (!other.equals(service)) {
                        properties.put("threatloop.dashboard.pipeline." + other.name(),
                                "http://127.0.0.1:" + (options.firstPort() + other.portOffset()));
                    }
                }
            }
            Path jar = home.resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
            ServiceProcess process = keep(ServiceProcess.start(service.name(), jar, service.heapMb(),
                    options.firstPort() + service.portOffset(), properties, logs));
            synchronized (this) {
                processes.add(process);
            }
            remember(process, jar);
        }
        List<CompletableFuture<Void>> ready = services().stream()
                .map(p -> CompletableFuture.runAsync(() -> {
                    p.awaitReady(Duration.ofSeconds(120));
                    out.printf("            %-17s ready at %s  (pid %d)%n", p.name(), p.baseUrl(), p.pid());
                }))
                .toList();
        joined(CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)));
        if (embeddedKeycloak) {
            // a Keycloak of this run: the dashboard may sign in wherever risk-service listens
            joined(startingKeycloak).admin(EmbeddedKeycloak.REALM).allowDashboardAt(dashboardUrl());
        }
    }

    /**
     * Writes the service's pid to {@value #PIDS} in the work directory: if this JVM ends without
     * running its shutdown hooks (SIGKILL, a halt), the next start stops what it left running.
     */
    private void remember(ServiceProcess process, Path jar) throws IOException {
        Files.writeString(workDir.resolve(PIDS), process.pid() + " " + jar + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /**
     * Stops service processes an earlier run in {@code workDir} left running (its JVM was killed
     * before it could stop them); only a live process whose command line still names the jar it
     * was started from, so a reused pid is never touched. Returns how many it stopped.
     */
    public static int stopLeftovers(Path workDir, PrintStream out) throws IOException {
        Path pids = workDir.resolve(PIDS);
        if (!Files.exists(pids)) {
            return 0;
        }
        int stopped = 0;
        for (String line : Files.readAllLines(pids)) {
            String[] pidAndJar = line.split(" ", 2);
            if (pidAndJar.length < 2) {
                continue;
            }
            var leftover = ProcessHandle.of(Long.parseLong(pidAndJar[0])).filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().commandLine().orElse("").contains(pidAndJar[1]));
            if (leftover.isPresent()) {
                out.println("stopping   " + pidAndJar[1].replaceAll(".*/([^/]+)/target/.*", "$1") + " (pid "
                        + pidAndJar[0] + "), left running by a run that ended abruptly");
                leftover.get().destroy();
                try {
                    leftover.get().onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception stillRunning) {
                    leftover.get().destroyForcibly();
                }
                stopped++;
            }
        }
        Files.delete(pids);
        return stopped;
    }

    /** Remembers a started part so that {@link #close()} stops it; stops it at once when closing already began. */
    private synchronized <T extends AutoCloseable> T keep(T part) {
        if (closed) {
            closeQuietly(part);
            throw new IllegalStateException("stopped while starting");
        }
        started.add(part);
        return part;
    }

    private static void requireFree(int port, String service) {
        try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException taken) {
            int other = Options.DEFAULT_FIRST_PORT + 1000;
            throw new PortTakenException("port " + port + " (" + service + ") is already in use. Stop what listens"
                    + " there (`ss -ltnp 'sport = :" + port + "'` names it), or use other ports: --ports " + other
                    + " runs the services on " + other + "-" + (other + SERVICES.size() - 1) + ".");
        }
    }

    /** A port the stack needs is taken; nothing was started. */
    public static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }

    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Kills a service with SIGKILL and starts it again with the same settings, waiting until it
     * is ready: the crash the fault tests inflict.
     */
    /**
     * Starts one more replica of {@code service} on the same topics and database, named
     * {@code <service>-<n>} and listening after the stack's ports; waits until it is ready. The
     * scanner replica gets a clone directory of its own.
     */
    public ServiceProcess addReplica(String service) throws IOException {
        ServiceProcess first;
        String name;
        int port;
        synchronized (this) {
            first = processes.stream().filter(p -> p.name().equals(service)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no service " + service));
            name = service + "-" + (1 + processes.stream().filter(p -> p.name().startsWith(service)).count());
            port = options.firstPort() + processes.size(); // the four services take the first four ports
        }
        ServiceProcess replica = keep(first.replica(name, port, service.equals("scanner-service")
                ? Map.of("threatloop.scanner.work-dir", workDir.resolve(name).toString()) : Map.of()));
        synchronized (this) {
            processes.add(replica);
        }
        remember(replica, replica.runnerJar()); // stopped by the next start if this JVM dies
        replica.awaitReady(Duration.ofSeconds(120));
        return replica;
    }

    /** SIGKILL to the named service process, not restarted (its replicas carry on). */
    public void kill(String name) {
        ServiceProcess process;
        synchronized (this) {
            process = processes.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no service " + name));
        }
        process.kill();
    }

    public ServiceProcess crashAndRestart(String name) throws IOException {
        ServiceProcess old;
        synchronized (this) {
            old = processes.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no service " + name));
        }
        old.kill();
        ServiceProcess restarted = keep(old.restart());
        synchronized (this) {
            processes.set(processes.indexOf(old), restarted);
        }
        restarted.awaitReady(Duration.ofSeconds(120));
        return restarted;
    }

    /**
     * Watches the services until the stack closes: one that dies is reported at once (which,
     * exit code, its last log lines) and started again with the same settings, after a backoff
     * that doubles from 1 s to 60 s while it keeps dying within a minute of its start.
     */
    public void supervise(PrintStream out) {
        Thread supervisor = new Thread(() -> {
            Map<String, Duration> backoff = new java.util.HashMap<>();
            Map<String, java.time.Instant> startedAt = new java.util.HashMap<>();
            while (!isClosed()) {
                for (ServiceProcess service : services()) {
                    if (service.isAlive() || isClosed()) {
                        continue;
                    }
                    Duration wait = nextBackoff(backoff, startedAt, service.name());
                    out.printf("%nsupervisor  %s stopped (exit code %d, pid %d); its last log lines (%s):%n",
                            service.name(), service.exitValue(), service.pid(), service.log());
                    service.lastLogLines(5).forEach(line -> out.println("              " + line));
                    out.printf("            restarting %s in %d s ...%n", service.name(), wait.toSeconds());
                    try {
                        Thread.sleep(wait.toMillis()); // a backoff between restarts, not a wait for a condition
                        if (isClosed()) {
                            return;
                        }
                        ServiceProcess restarted = replace(service);
                        startedAt.put(service.name(), java.time.Instant.now());
                        restarted.awaitReady(Duration.ofSeconds(120));
                        out.printf("supervisor  %s restarted, ready at %s (pid %d)%n", restarted.name(),
                                restarted.baseUrl(), restarted.pid());
                    } catch (InterruptedException e) {
                        return;
                    } catch (Throwable e) { // the supervisor must outlive whatever one restart throws
                        if (!isClosed()) {
                            out.printf("supervisor  %s did not come back: %s; trying again%n", service.name(),
                                    e.getMessage());
                        }
                    }
                }
                try {
                    Thread.sleep(SUPERVISE_EVERY.toMillis()); // polling the processes' state
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "threatloop-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    private static final Duration SUPERVISE_EVERY = Duration.ofMillis(500);

    private static Duration nextBackoff(Map<String, Duration> backoff, Map<String, java.time.Instant> startedAt,
                                        String name) {
        java.time.Instant started = startedAt.get(name);
        boolean flapping = started != null && started.plus(Duration.ofMinutes(1)).isAfter(java.time.Instant.now());
        Duration wait = flapping ? backoff.getOrDefault(name, Duration.ofSeconds(1)).multipliedBy(2)
                : Duration.ofSeconds(1);
        if (wait.compareTo(Duration.ofSeconds(60)) > 0) {
            wait = Duration.ofSeconds(60);
        }
        backoff.put(name, wait);
        return wait;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Starts a stopped service again in its place, remembered for the next run's clean-up. */
    private ServiceProcess replace(ServiceProcess stopped) throws IOException {
        ServiceProcess restarted = keep(stopped.restart());
        synchronized (this) {
            processes.set(processes.indexOf(stopped), restarted);
        }
        remember(restarted, stopped.runnerJar());
        return restarted;
    }

    /** The risk dashboard of this run. */
    public String dashboardUrl() {
        return services().stream().filter(p -> p.name().equals("risk-service")).findFirst()
                .map(p -> p.baseUrl() + "/dashboard/").orElseThrow();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** What a Kafka client needs to reach this stack's broker: its address and its login. */
    public Map<String, String> kafkaClientProperties() {
        return kafkaClient;
    }

    public synchronized List<ServiceProcess> services() {
        return List.copyOf(processes);
    }

    public Path workDir() {
        return workDir;
    }

    /** The OIDC issuer the services trust; null without Keycloak. */
    public String issuer() {
        return issuer;
    }

    /** The administrator made for this run; null without Keycloak. */
    public Login admin() {
        return admin;
    }

    /** The Keycloak this stack started, or null (none, or the one KEYCLOAK_URL names). */
    public String startedKeycloakUrl() {
        return keycloakUrl;
    }

    /** Stops what was started, newest first: the services, then PostgreSQL, Kafka and Keycloak. */
    @Override
    public void close() {
        List<AutoCloseable> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(started);
        }
        for (int i = toStop.size() - 1; i >= 0; i--) {
            closeQuietly(toStop.get(i));
        }
        try {
            Files.deleteIfExists(workDir.resolve(PIDS));
        } catch (IOException e) {
            // the next start checks every pid against its command line anyway
        }
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            System.err.println("threatloop: could not stop " + part + ": " + e.getMessage());
        }
    }

    /**
     * The key that encrypts the tokens of sources added through the API (docs/SECURITY.md): made
     * once, readable only by the user, kept with the rest of the local data so tokens survive.
     */
    private static Path tokenKeys(Path dir) throws IOException {
        Path file = dir.resolve("scanner-token-keys");
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            OwnerOnlyFile.write(file, "local=" + Base64.getEncoder().encodeToString(key) + "\n");
        }
        return file;
    }
}
