package io.threatloop.testsupport;

import io.threatloop.runtime.EmbeddedKeycloak;
import io.threatloop.runtime.KeycloakAdmin;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The realm file imports into the real Keycloak and issues the tokens the services expect. */
class EmbeddedKeycloakTest {

    @Test
    void userTokensCarryTheApiAudienceTheirRolesAndTheirTeams() throws Exception {
        KeycloakAdmin admin = TestServers.keycloak().admin(EmbeddedKeycloak.REALM)
                .user("carol", "carol-pw", List.of("payments"), List.of("analyst"));

        JsonNode claims = claims(admin.passwordToken("threatloop-cli", "carol", "carol-pw"));

        assertThat(claims.get("iss").asText()).isEqualTo(TestServers.keycloak().issuer());
        assertThat(texts(claims.get("aud"))).contains("threatloop-api");
        // analyst is composite: it carries viewer
        assertThat(texts(claims.at("/realm_access/roles"))).contains("analyst", "viewer").doesNotContain("admin");
        assertThat(texts(claims.get("teams"))).containsExactly("payments");
    }

    @Test
    void serviceAccountsGetTokensForTheApi() throws Exception {
        KeycloakAdmin admin = TestServers.keycloak().admin(EmbeddedKeycloak.REALM);

        JsonNode claims = claims(admin.clientToken("risk-service", "dev-only-risk-service-secret"));

        assertThat(texts(claims.get("aud"))).contains("threatloop-api");
        assertThat(claims.get("azp").asText()).isEqualTo("risk-service");
    }

    private static JsonNode claims(String jwt) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static List<String> texts(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            return List.of(node.asText());
        }
        return java.util.stream.StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList();
    }
}
