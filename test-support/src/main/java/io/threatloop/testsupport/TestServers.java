package io.threatloop.testsupport;

import io.threatloop.runtime.EmbeddedKeycloak;
import io.threatloop.runtime.EmbeddedPostgres;

/**
 * The servers a test JVM shares, each started on first use and stopped when the JVM exits:
 * containers with {@code -Pcontainers}, the external server an environment variable names
 * ({@value #KAFKA_ENV}, {@code PGHOST}, {@code KEYCLOAK_URL}), else an embedded one.
 */
public final class TestServers {

    /** When set, tests use this broker instead of starting one (Docker, a cluster, CI services). */
    public static final String KAFKA_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgres postgres;
    private static EmbeddedKeycloak keycloak;

    private TestServers() {
    }

    /** The bootstrap servers of the broker of this test JVM. */
    public static synchronized String kafka() {
        String external = System.getenv(KAFKA_ENV);
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (ContainerServers.enabled()) {
            return ContainerServers.kafkaBootstrapServers();
        }
        if (kafka == null) {
            kafka = EmbeddedKafka.start(null);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
        }
        return kafka.bootstrapServers();
    }

    /** The PostgreSQL server of this test JVM. */
    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            String pgHost = System.getenv("PGHOST");
            if (ContainerServers.enabled()) {
                postgres = ContainerServers.postgres();
            } else if (pgHost != null && !pgHost.isBlank()) {
                postgres = EmbeddedPostgres.fromEnvironment();
            } else {
                postgres = EmbeddedPostgres.start(null);
                Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "embedded-postgres-stop"));
            }
        }
        return postgres;
    }

    /** The Keycloak of this test JVM, with the project's realm. */
    public static synchronized EmbeddedKeycloak keycloak() {
        if (keycloak == null) {
            String external = System.getenv("KEYCLOAK_URL");
            if (ContainerServers.enabled()) {
                keycloak = EmbeddedKeycloak.external(ContainerServers.keycloakUrl(), "admin", "admin");
            } else if (external != null && !external.isBlank()) {
                keycloak = EmbeddedKeycloak.external(external, env("KEYCLOAK_ADMIN", "admin"),
                        env("KEYCLOAK_ADMIN_PASSWORD", "admin"));
            } else {
                keycloak = EmbeddedKeycloak.start();
                Runtime.getRuntime().addShutdownHook(new Thread(keycloak::close, "embedded-keycloak-stop"));
            }
        }
        return keycloak;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
