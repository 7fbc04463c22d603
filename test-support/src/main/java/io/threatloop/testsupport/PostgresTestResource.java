package io.threatloop.testsupport;

import io.threatloop.runtime.EmbeddedPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a fresh database on the real PostgreSQL server of this test JVM
 * (embedded, or the one named by PGHOST), for both the JDBC (Flyway) and reactive URLs.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        EmbeddedPostgres server = TestServers.postgres();
        String database = server.createDatabase("test");
        return Map.of(
                "quarkus.datasource.jdbc.url", server.jdbcUrl(database),
                "quarkus.datasource.reactive.url", server.reactiveUrl(database),
                "quarkus.datasource.username", server.user(),
                "quarkus.datasource.password", server.password());
    }

    @Override
    public void stop() {
        // the server lives as long as the test JVM; the database is thrown away with it
    }
}
