package io.threatloop.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The real Keycloak distribution ({@code org.keycloak:keycloak-quarkus-dist}, taken from the local
 * Maven repository where the runtime build put it) run as a child process on 127.0.0.1 with
 * the project's realm file imported, its data in memory or in a PostgreSQL database, or a server
 * this class did not start ({@link #external}). Starting takes 20-35 s.
 */
public final class EmbeddedKeycloak implements AutoCloseable {

    public static final String VERSION = "26.5.6";
    public static final String REALM = "threatloop";
    /** The realm file on the classpath; the same file k8s/ and docker-compose import. */
    public static final String REALM_RESOURCE = "keycloak/threatloop-realm.json";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final String url;
    private final String adminUser;
    private final String adminPassword;
    private final Process process;
    private final Path log;

    private EmbeddedKeycloak(String url, String adminUser, String adminPassword, Process process, Path log) {
        this.url = url;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.process = process;
        this.log = log;
    }

    /** A Keycloak this class did not start, administered as {@code adminUser}. */
    public static EmbeddedKeycloak external(String url, String adminUser, String adminPassword) {
        return new EmbeddedKeycloak(url.replaceAll("/+$", ""), adminUser, adminPassword, null, null);
    }

    /** Where a Keycloak keeps its data: a PostgreSQL database, the password given by environment. */
    public record Database(String jdbcUrl, String user, String password) {
        @Override
        public String toString() {
            return jdbcUrl + " as " + user;
        }
    }

    /** Starts a Keycloak in development mode with the project's realm imported and its data in memory. */
    public static EmbeddedKeycloak start() {
        return start(null, UUID.randomUUID().toString());
    }

    /**
     * Starts a Keycloak on loopback with the project's realm imported, its data in {@code database}
     * (null: in memory, lost when it stops). A kept database keeps its realm, users and teams:
     * the realm file is imported only into a database without it, and {@code adminPassword} must
     * then be the one it was first started with (the bootstrap administrator is made only once).
     * A realm imported into a database has random service-account secrets, not the realm file's
     * development defaults.
     */
    public static EmbeddedKeycloak start(Database database, String adminPassword) {
        Path home = distribution();
        int httpPort = Ports.free();
        int managementPort = Ports.free();
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            try (InputStream realm = resource(REALM_RESOURCE)) {
                Files.copy(realm, imports.resolve("threatloop-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            Path log = Files.createTempFile("keycloak-" + httpPort + "-", ".log");
            List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + httpPort,
                    "--http-management-port=" + managementPort, "--import-realm",
                    "--cache=local", "--log-level=warn"));
            if (database == null) {
                command.add("--db=dev-mem");
            } else {
                command.addAll(List.of("--db=postgres", "--db-url=" + database.jdbcUrl(),
                        "--db-username=" + database.user()));
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            environment.put("JAVA_HOME", javaHome());
            // passwords by environment, which only this user can read; arguments every user sees
            environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            if (database != null) {
                environment.put("KC_DB_PASSWORD", database.password());
                // the realm file's service-account secrets default to well-known development values;
                // a kept realm (the local stack) gets unguessable ones, which nothing of it uses
                for (String service : List.of("SCANNER", "MODEL", "RISK", "NOTIFIER")) {
                    environment.put(service + "_SERVICE_CLIENT_SECRET", UUID.randomUUID().toString());
                }
            }
            environment.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            System.out.printf("[runtime] starting Keycloak %s on 127.0.0.1:%d (log %s)%n", VERSION, httpPort, log);
            Instant started = Instant.now();
            EmbeddedKeycloak keycloak = new EmbeddedKeycloak("http://127.0.0.1:" + httpPort, "admin", adminPassword,
                    builder.start(), log);
            keycloak.awaitReady(started);
            System.out.printf("[runtime] Keycloak ready in %d s%n", Duration.between(started, Instant.now()).toSeconds());
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Keycloak from " + home, e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    /** The issuer (and OIDC auth-server-url) of a realm. */
    public String issuer(String realm) {
        return url + "/realms/" + realm;
    }

    /** The project's realm. */
    public String issuer() {
        return issuer(REALM);
    }

    /** Administration of a realm through Keycloak's admin REST API, as the bootstrap administrator. */
    public KeycloakAdmin admin(String realm) {
        return new KeycloakAdmin(this, realm);
    }

    String adminUser() {
        return adminUser;
    }

    String adminPassword() {
        return adminPassword;
    }

    private void awaitReady(Instant started) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        while (Duration.between(started, Instant.now()).compareTo(START_TIMEOUT) < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            process.onExit().completeOnTimeout(null, 250, java.util.concurrent.TimeUnit.MILLISECONDS).join();
        }
        close();
        throw new IllegalStateException("Keycloak was not ready within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        // kc.sh may have handed over to the Java process or still be its parent: stop both and wait
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            for (ProcessHandle child : descendants) {
                child.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * The unpacked distribution, shared by the test JVMs of this machine: unpacked once from the
     * zip in the local Maven repository, under a file lock so two JVMs never unpack at once.
     */
    static Path distribution() {
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "threatloop-keycloak-" + VERSION);
        Path home = cache.resolve("keycloak-" + VERSION);
        Path complete = cache.resolve(".unpacked");
        try {
            Files.createDirectories(cache);
            try (FileChannel channel = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                if (!Files.exists(complete)) {
                    Path zip = distributionZip();
                    System.out.printf("[runtime] unpacking %s into %s%n", zip, cache);
                    unzip(zip, cache);
                    Files.writeString(complete, zip.toString());
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack Keycloak into " + cache, e);
        }
    }

    private static Path distributionZip() {
        String repository = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path zip = Path.of(repository, "org", "keycloak", "keycloak-quarkus-dist", VERSION,
                "keycloak-quarkus-dist-" + VERSION + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak distribution not found at " + zip
                    + "; build the runtime module first (./mvnw -pl runtime install), which downloads it,"
                    + " or set KEYCLOAK_URL to use a running Keycloak");
        }
        return zip;
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                if (entry.getName().endsWith(".sh")) {
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    /** Keycloak recommends Java 25; the machines carry it next to the default Java 17. */
    private static String javaHome() {
        for (String candidate : new String[]{System.getenv("KEYCLOAK_JAVA_HOME"),
                "/usr/lib/jvm/temurin-25-jdk-amd64"}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate, "bin", "java"))) {
                return candidate;
            }
        }
        return System.getProperty("java.home");
    }

    private static InputStream resource(String name) {
        InputStream in = EmbeddedKeycloak.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the classpath");
        }
        return in;
    }
}
