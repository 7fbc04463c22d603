package io.threatloop.testsupport;

import io.threatloop.runtime.EmbeddedKeycloak;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a {@code @QuarkusTest}'s OIDC at the real Keycloak of this test JVM (started once, the
 * project's realm imported) and switches the OIDC tenant on.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        EmbeddedKeycloak keycloak = TestServers.keycloak();
        return Map.of(
                "quarkus.oidc.auth-server-url", keycloak.issuer(),
                "quarkus.oidc.tenant-enabled", "true");
    }

    @Override
    public void stop() {
        // Keycloak lives as long as the test JVM: starting it takes 20-35 s
    }
}
