package io.threatloop.cli.stack;

import io.threatloop.contracts.Topics;
import io.threatloop.testsupport.EmbeddedKafka;
import io.threatloop.testsupport.EmbeddedKeycloak;
import io.threatloop.testsupport.EmbeddedPostgres;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole system on one machine: a Kafka broker and PostgreSQL (embedded unless
 * KAFKA_BOOTSTRAP_SERVERS / PGHOST name real ones) and the four packaged services as separate
 * processes. Closing it stops everything it started, services first.
 */
public final class Stack implements AutoCloseable {

    /** A service of the system with its preferred port and its database. */
    record Service(String name, int preferredPort, String database) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("scanner-service", 8081, "threatloop_scanner"),
            new Service("model-service", 8082, "threatloop_model"),
            new Service("risk-service", 8083, "threatloop_risk"),
            new Service("notifier-service", 8084, "threatloop_notifier"));

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgres postgres;
    private final String bootstrapServers;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Path workDir;
    private EmbeddedKeycloak keycloak;
    private String issuer;
    private Login admin;
    private boolean closed;

    /** A user of the embedded realm, made for this run. */
    public record Login(String username, String password) {
    }

    private Stack(EmbeddedKafka kafka, EmbeddedPostgres postgres, String bootstrapServers, Path workDir) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.bootstrapServers = bootstrapServers;
        this.workDir = workDir;
    }

    /**
     * Starts the stack. {@code home} is the project root (where the services were built),
     * {@code workDir} holds logs and data; {@code scannerSources} are passed to the scanner.
     */
    public static Stack start(Path home, Path workDir, Map<String, String> scannerProperties, PrintStream out)
            throws IOException {
        Files.createDirectories(workDir.resolve("logs"));
        // Keycloak is the slowest to start (10-35 s): it starts first and the others meanwhile
        String externalKeycloak = System.getenv("KEYCLOAK_URL");
        boolean embeddedKeycloak = externalKeycloak == null || externalKeycloak.isBlank();
        out.println("keycloak    " + (embeddedKeycloak ? "starting the real Keycloak " + EmbeddedKeycloak.VERSION
                + " with the threatloop realm ..." : "using " + externalKeycloak + " (KEYCLOAK_URL)"));
        CompletableFuture<EmbeddedKeycloak> keycloak = CompletableFuture.supplyAsync(
                embeddedKeycloak ? EmbeddedKeycloak::start : EmbeddedKeycloak::shared);
        String external = System.getenv(EmbeddedKafka.EXTERNAL_ENV);
        EmbeddedKafka kafka = null;
        String bootstrap;
        if (external != null && !external.isBlank()) {
            bootstrap = external;
            out.println("kafka       using " + bootstrap + " (KAFKA_BOOTSTRAP_SERVERS)");
        } else {
            out.println("kafka       starting an embedded broker (KRaft) ...");
            // our own directory: the kit's temporary one is deleted by a JVM hook while we still stop
            kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
            bootstrap = kafka.bootstrapServers();
            out.println("kafka       ready at " + bootstrap);
        }
        Stack stack = null;
        try {
            EmbeddedKafka.createTopics(bootstrap, Topics.ALL_WITH_DEAD_LETTERS, 4);

            boolean externalPg = System.getenv("PGHOST") != null && !System.getenv("PGHOST").isBlank();
            out.println("postgresql " + (externalPg ? " using " + System.getenv("PGHOST") + " (PGHOST)"
                    : " starting an embedded server ..."));
            EmbeddedPostgres postgres = externalPg ? EmbeddedPostgres.shared()
                    : EmbeddedPostgres.start(workDir.resolve("postgres"));
            stack = new Stack(kafka, externalPg ? null : postgres, bootstrap, workDir);
            stack.useKeycloak(joined(keycloak), embeddedKeycloak, out);
            stack.startServices(home, postgres, scannerProperties, out);
            return stack;
        } catch (RuntimeException | IOException e) {
            if (stack != null) {
                stack.close();
            } else if (kafka != null) {
                kafka.close();
            }
            if (embeddedKeycloak && stack == null) {
                keycloak.thenAccept(EmbeddedKeycloak::close);
            }
            throw e;
        }
    }

    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** An administrator for this run, with a fresh password: nothing in the realm has a default one. */
    private void useKeycloak(EmbeddedKeycloak server, boolean embedded, PrintStream out) {
        this.keycloak = embedded ? server : null;
        this.issuer = server.issuer();
        this.admin = new Login("threatloop-admin", java.util.UUID.randomUUID().toString());
        server.admin(EmbeddedKeycloak.REALM).user(admin.username(), admin.password(), List.of(), List.of("admin"));
        out.println("keycloak    ready at " + server.url() + " (realm " + EmbeddedKeycloak.REALM + ")");
    }

    private void startServices(Path home, EmbeddedPostgres postgres, Map<String, String> scannerProperties,
                               PrintStream out) throws IOException {
        Path logs = workDir.resolve("logs");
        for (Service service : SERVICES) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("kafka.bootstrap.servers", bootstrapServers);
            properties.put("quarkus.oidc.auth-server-url", issuer);
            postgres.createDatabaseNamed(service.database());
            properties.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(service.database()));
            properties.put("quarkus.datasource.username", postgres.user());
            properties.put("quarkus.datasource.password", postgres.password());
            if (service.name().equals("scanner-service")) {
                properties.putAll(scannerProperties);
                properties.put("threatloop.scanner.work-dir", workDir.resolve("scanner").toString());
            } else {
                properties.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(service.database()));
            }
            Path jar = home.resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
            processes.add(ServiceProcess.start(service.name(), jar, freePort(service.preferredPort()), properties, logs));
        }
        out.println("services    starting " + SERVICES.size() + " processes (logs in " + logs + ") ...");
        List<CompletableFuture<Void>> ready = processes.stream()
                .map(p -> CompletableFuture.runAsync(() -> p.awaitReady(Duration.ofSeconds(120))))
                .toList();
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        for (ServiceProcess process : processes) {
            out.printf("            %-17s %s  (pid %d)%n", process.name(), process.baseUrl(), process.pid());
        }
        if (keycloak != null) { // a Keycloak of this run: the dashboard may sign in wherever risk-service listens
            keycloak.admin(EmbeddedKeycloak.REALM).allowDashboardAt(dashboardUrl());
        }
    }

    /** The risk dashboard of this run. */
    public String dashboardUrl() {
        return processes.stream().filter(p -> p.name().equals("risk-service")).findFirst()
                .map(p -> p.baseUrl() + "/dashboard/").orElseThrow();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public List<ServiceProcess> services() {
        return List.copyOf(processes);
    }

    public Path workDir() {
        return workDir;
    }

    /** The OIDC issuer the services trust. */
    public String issuer() {
        return issuer;
    }

    /** The administrator made for this run. */
    public Login admin() {
        return admin;
    }

    /** The Keycloak this stack started, or null when it uses one given by KEYCLOAK_URL. */
    public String startedKeycloakUrl() {
        return keycloak == null ? null : keycloak.url();
    }

    private static int freePort(int preferred) throws IOException {
        try (ServerSocket socket = new ServerSocket(preferred, 50, java.net.InetAddress.getLoopbackAddress())) {
            return preferred;
        } catch (IOException taken) {
            try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }

    /** Stops the services (in reverse order), then the broker and the database it started. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        processes.clear();
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }
}
