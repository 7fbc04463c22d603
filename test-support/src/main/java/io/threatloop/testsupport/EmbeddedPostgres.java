package io.threatloop.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A real PostgreSQL server (zonky's embedded binaries, PostgreSQL 17) run as a child process,
 * or the server named by the standard libpq variables {@code PGHOST}, {@code PGPORT},
 * {@code PGUSER}, {@code PGPASSWORD} when {@code PGHOST} is set.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static EmbeddedPostgres shared;

    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    /** Where a server this class started keeps its data (null: a temporary directory), and whether it outlives it. */
    private Path dataDir;
    private boolean keep;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, String host, int port,
                             String user, String password) {
        this.server = server;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** Starts a server; {@code dataDir} null means a temporary one. */
    public static EmbeddedPostgres start(Path dataDir) {
        return start(dataDir, false);
    }

    /**
     * A server on {@code dataDir}; with {@code keep} the directory outlives the server and a
     * later start reuses its databases (threatloop up keeps its data between runs).
     */
    public static EmbeddedPostgres start(Path dataDir, boolean keep) {
        try {
            var server = server(dataDir, keep, 0);
            EmbeddedPostgres postgres = new EmbeddedPostgres(server, "127.0.0.1", server.getPort(), "postgres",
                    "postgres");
            postgres.dataDir = dataDir;
            postgres.keep = keep;
            return postgres;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The server of this test JVM: external when PGHOST is set, else one embedded server. */
    public static synchronized EmbeddedPostgres shared() {
        if (shared == null) {
            String pgHost = System.getenv("PGHOST");
            if (ContainerServers.enabled()) {
                shared = ContainerServers.postgres();
            } else if (pgHost != null && !pgHost.isBlank()) {
                shared = new EmbeddedPostgres(null, pgHost, Integer.parseInt(env("PGPORT", "5432")),
                        env("PGUSER", "postgres"), env("PGPASSWORD", "postgres"));
            } else {
                shared = start(null);
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "embedded-postgres-stop"));
            }
        }
        return shared;
    }

    /** A server this class did not start (a container, or the one PGHOST names). */
    static EmbeddedPostgres external(String host, int port, String user, String password) {
        return new EmbeddedPostgres(null, host, port, user, password);
    }

    /** Creates a new, empty database and returns its name; {@code prefix} says whose it is. */
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        createDatabaseNamed(name);
        return name;
    }

    /** Creates the database if it does not exist yet. */
    public void createDatabaseNamed(String name) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
             Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'");
            if (!exists.next()) {
                statement.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /**
     * Stops the server and starts it again on the same data and port, as a database restart or
     * failover looks to its clients (their connections break; new ones work). Only for a server
     * started with kept data.
     */
    public synchronized void restart() {
        if (server == null || dataDir == null || !keep) {
            throw new IllegalStateException("only a server started here with kept data can restart");
        }
        close();
        try {
            server = server(dataDir, true, port);
        } catch (IOException e) {
            throw new IllegalStateException("could not restart the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server(Path dataDir, boolean keep, int port)
            throws IOException {
        var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("max_connections", "200");
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(!keep);
        }
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new IllegalStateException("could not stop the embedded PostgreSQL", e);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
