package io.threatloop.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A real PostgreSQL server (zonky's embedded binaries, PostgreSQL 17) run as a child process on
 * loopback, or a server this class did not start ({@link #external}, {@link ExternalServers}).
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    /** Where a server this class started keeps its data (null: a temporary directory), and whether it outlives it. */
    private Path dataDir;
    private boolean keep;
    private String requiredPassword;
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

    /** Starts a server open to local connections (tests); {@code dataDir} null means a temporary one. */
    public static EmbeddedPostgres start(Path dataDir) {
        return start(dataDir, false, null);
    }

    /**
     * A server on {@code dataDir}; with {@code keep} the directory outlives the server and a
     * later start reuses its databases (threatloop up keeps its data between runs). With a
     * {@code password} the superuser {@code postgres} has it and every connection, local socket
     * included, must give it (SCRAM); without one, local connections are trusted, as tests want.
     */
    public static EmbeddedPostgres start(Path dataDir, boolean keep, String password) {
        if (password != null && dataDir == null) {
            throw new IllegalArgumentException("a server with a password needs its own data directory");
        }
        try {
            var server = server(dataDir, keep, 0, password);
            EmbeddedPostgres postgres = new EmbeddedPostgres(server, "127.0.0.1", server.getPort(), "postgres",
                    password == null ? "postgres" : password);
            postgres.dataDir = dataDir;
            postgres.keep = keep;
            postgres.requiredPassword = password;
            if (password != null) {
                postgres.requirePassword(dataDir);
            }
            return postgres;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /**
     * A data directory made before passwords were required (its pg_hba.conf trusts local
     * connections) gets the password and password authentication now, without a restart.
     */
    private void requirePassword(Path data) throws IOException, SQLException {
        Path hba = data.resolve("pg_hba.conf");
        String rules = Files.readString(hba);
        if (!TRUST.matcher(rules).find()) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("alter role postgres password '" + password.replace("'", "''") + "'");
            Files.writeString(hba, TRUST.matcher(rules).replaceAll("$1scram-sha-256"));
            statement.execute("select pg_reload_conf()");
        }
    }

    private static final java.util.regex.Pattern TRUST = java.util.regex.Pattern.compile("(?m)^(?!\\s*#)(.*\\s)trust\\s*$");

    /** A server this class did not start. */
    public static EmbeddedPostgres external(String host, int port, String user, String password) {
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
            server = server(dataDir, true, port, requiredPassword);
        } catch (IOException e) {
            throw new IllegalStateException("could not restart the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server(Path dataDir, boolean keep, int port,
                                                                            String password) throws IOException {
        var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("max_connections", "200");
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(!keep);
        }
        if (port > 0) {
            builder.setPort(port);
        }
        if (password == null) {
            return builder.start();
        }
        // initdb's options (zonky passes these after its own "-A trust", so they win); the password
        // goes through a file only this user can read, never through arguments
        Path passwordFile = dataDir.resolveSibling(dataDir.getFileName() + ".initdb-password");
        try {
            OwnerOnlyFile.write(passwordFile, password);
            return builder.setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setConnectConfig("password", password)
                    .start();
        } finally {
            Files.deleteIfExists(passwordFile);
        }
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
}
