package io.threatloop.testsupport;

import io.threatloop.runtime.EmbeddedKeycloak;
import io.threatloop.runtime.EmbeddedPostgres;
import io.threatloop.runtime.ExternalServers;

/**
 * The servers a test JVM shares, each started on first use and stopped when the JVM exits:
 * containers with {@code -Pcontainers}, the external server an environment variable names
 * ({@link ExternalServers}), else an embedded one.
 */
public final class TestServers {

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgres postgres;
    private static EmbeddedKeycloak keycloak;

    private TestServers() {
    }

    /** The bootstrap servers of the broker of this test JVM. */
    public static synchronized String kafka() {
        var external = ExternalServers.kafka();
        if (external.isPresent()) {
            return external.get();
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
            if (ContainerServers.enabled()) {
                postgres = ContainerServers.postgres();
            } else if (ExternalServers.postgres().isPresent()) {
                postgres = ExternalServers.postgres().get();
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
            if (ContainerServers.enabled()) {
                keycloak = EmbeddedKeycloak.external(ContainerServers.keycloakUrl(), "admin", "admin");
            } else if (ExternalServers.keycloak().isPresent()) {
                keycloak = ExternalServers.keycloak().get();
            } else {
                keycloak = EmbeddedKeycloak.start();
                Runtime.getRuntime().addShutdownHook(new Thread(keycloak::close, "embedded-keycloak-stop"));
            }
        }
        return keycloak;
    }
}
