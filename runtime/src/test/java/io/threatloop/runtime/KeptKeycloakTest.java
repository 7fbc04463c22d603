package io.threatloop.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * `up` once lost Keycloak's users at every start (its data lived in memory), and its realm had
 * the realm file's well-known service-account secrets.
 */
class KeptKeycloakTest {

    @Test
    void usersAndTeamsSurviveARestartOnTheSameDatabase(@TempDir Path dir) {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dir.resolve("postgres"), true, "pg-password")) {
            postgres.createDatabaseNamed("keycloak");
            var database = new EmbeddedKeycloak.Database(postgres.jdbcUrl("keycloak"), postgres.user(),
                    postgres.password());
            try (EmbeddedKeycloak first = EmbeddedKeycloak.start(database, "kc-admin-password")) {
                first.admin(EmbeddedKeycloak.REALM).user("dana", "dana-password", List.of("payments"),
                        List.of("analyst"));
            }

            try (EmbeddedKeycloak second = EmbeddedKeycloak.start(database, "kc-admin-password")) {
                String token = second.admin(EmbeddedKeycloak.REALM)
                        .passwordToken("threatloop-cli", "dana", "dana-password");
                String claims = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
                assertThat(claims).contains("\"teams\":[\"payments\"]").contains("analyst");
                assertThatThrownBy(() -> second.admin(EmbeddedKeycloak.REALM)
                        .clientToken("risk-service", "dev-only-risk-service-secret"))
                        .as("the realm file's development secret opens nothing here").hasMessageContaining("401");
            }
        }
    }
}
