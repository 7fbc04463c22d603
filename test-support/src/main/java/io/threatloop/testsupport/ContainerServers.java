package io.threatloop.testsupport;

import io.threatloop.runtime.EmbeddedKeycloak;
import io.threatloop.runtime.EmbeddedPostgres;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.MountableFile;

import java.time.Duration;

/**
 * The test servers as containers, for machines with a Docker engine ({@code -Pcontainers} sets
 * {@code threatloop.test.servers=containers}): the same Kafka, PostgreSQL and Keycloak versions
 * as the embedded ones and docker-compose.yml, started once per test JVM (Testcontainers' Ryuk
 * removes them afterwards). Only this class touches Testcontainers, so without the profile it is
 * compiled but never loaded.
 */
final class ContainerServers {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    static final String POSTGRES_IMAGE = "postgres:17";
    static final String KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak:" + EmbeddedKeycloak.VERSION;

    private static KafkaContainer kafka;
    private static PostgreSQLContainer postgres;
    private static GenericContainer<?> keycloak;

    private ContainerServers() {
    }

    static boolean enabled() {
        return "containers".equals(System.getProperty("threatloop.test.servers"));
    }

    static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            log("starting Kafka in a container (" + KAFKA_IMAGE + ")");
            kafka = new KafkaContainer(KAFKA_IMAGE);
            kafka.start();
        }
        return kafka.getBootstrapServers();
    }

    static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            log("starting PostgreSQL in a container (" + POSTGRES_IMAGE + ")");
            postgres = new PostgreSQLContainer(POSTGRES_IMAGE).withUsername("postgres").withPassword("postgres")
                    .withCommand("postgres", "-c", "max_connections=200", "-c", "fsync=off");
            postgres.start();
        }
        return EmbeddedPostgres.external(postgres.getHost(), postgres.getMappedPort(5432), postgres.getUsername(),
                postgres.getPassword());
    }

    static synchronized String keycloakUrl() {
        if (keycloak == null) {
            log("starting Keycloak in a container (" + KEYCLOAK_IMAGE + ")");
            keycloak = new GenericContainer<>(KEYCLOAK_IMAGE)
                    .withCommand("start-dev", "--import-realm")
                    .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
                    .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin")
                    .withEnv("KC_HEALTH_ENABLED", "true")
                    .withCopyFileToContainer(MountableFile.forClasspathResource(EmbeddedKeycloak.REALM_RESOURCE),
                            "/opt/keycloak/data/import/threatloop-realm.json")
                    .withExposedPorts(8080, 9000)
                    .waitingFor(Wait.forHttp("/health/ready").forPort(9000).withStartupTimeout(Duration.ofMinutes(3)));
            keycloak.start();
        }
        return "http://" + keycloak.getHost() + ":" + keycloak.getMappedPort(8080);
    }

    private static void log(String message) {
        System.err.println("[test-support] " + message);
    }
}
