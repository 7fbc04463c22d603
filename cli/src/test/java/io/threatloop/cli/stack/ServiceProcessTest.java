package io.threatloop.cli.stack;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `up` once passed -Dquarkus.datasource.password=... in arguments every user of the machine can read. */
class ServiceProcessTest {

    @Test
    void passwordsAndSecretsGoByEnvironmentAndNothingElseDoes() {
        Map<String, String> environment = ServiceProcess.secretEnvironment(Map.of(
                "quarkus.datasource.password", "pw", "quarkus.oidc.credentials.secret", "s3",
                "kafka.sasl.jaas.config", "PlainLoginModule required password=\"k\";",
                "quarkus.datasource.username", "threatloop", "threatloop.scanner.work-dir", "/tmp/x"));
        assertThat(environment).containsOnly(Map.entry("QUARKUS_DATASOURCE_PASSWORD", "pw"),
                Map.entry("QUARKUS_OIDC_CREDENTIALS_SECRET", "s3"),
                Map.entry("KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required password=\"k\";"));
    }
}
