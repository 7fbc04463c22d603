package io.threatloop.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sets up test fixtures (teams, users, clients, realms) through Keycloak's admin REST API and
 * gets tokens the way a real client does, from the realm's token endpoint.
 */
public final class KeycloakAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final EmbeddedKeycloak keycloak;
    private final String realm;

    KeycloakAdmin(EmbeddedKeycloak keycloak, String realm) {
        this.keycloak = keycloak;
        this.realm = realm;
    }

    /** A user with a password, member of {@code teams} (groups, created if missing) with realm {@code roles}. */
    public KeycloakAdmin user(String username, String password, List<String> teams, List<String> roles) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("enabled", true);
        user.put("email", username + "@example.test");
        user.put("emailVerified", true);
        user.put("firstName", username);
        user.put("lastName", "Tester");
        user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        user.put("groups", teams.stream().map(team -> "/" + team).toList());
        user.put("realmRoles", roles);
        // groups through their own endpoint: Keycloak 26.5's partial import fails on new groups
        for (String team : teams) {
            post("/admin/realms/" + realm + "/groups", Map.of("name", team), 409);
        }
        post("/admin/realms/" + realm + "/partialImport", Map.of("ifResourceExists", "OVERWRITE",
                "users", List.of(user)));
        return this;
    }

    /** A client (Keycloak's ClientRepresentation as a map), replaced if it exists. */
    public KeycloakAdmin client(Map<String, Object> client) {
        post("/admin/realms/" + realm + "/partialImport", Map.of("ifResourceExists", "OVERWRITE",
                "clients", List.of(client)));
        return this;
    }

    /**
     * Lets the realm file's dashboard client ({@code threatloop-dashboard}) sign users in to a
     * dashboard served at {@code dashboardUrl} (as a deployment registers its own URL).
     */
    @SuppressWarnings("unchecked")
    public KeycloakAdmin allowDashboardAt(String dashboardUrl) {
        try (java.io.InputStream in = KeycloakAdmin.class.getClassLoader()
                .getResourceAsStream(EmbeddedKeycloak.REALM_RESOURCE)) {
            Map<String, Object> realmFile = JSON.readValue(in, Map.class);
            Map<String, Object> client = ((List<Map<String, Object>>) realmFile.get("clients")).stream()
                    .filter(c -> "threatloop-dashboard".equals(c.get("clientId"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no threatloop-dashboard client in the realm file"));
            client.put("redirectUris", List.of(dashboardUrl.endsWith("/") ? dashboardUrl + "*" : dashboardUrl + "/*"));
            return client(client);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + EmbeddedKeycloak.REALM_RESOURCE, e);
        }
    }

    /** Creates a whole realm from its representation unless one of that name exists. */
    public void createRealm(Map<String, Object> representation) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/admin/realms"))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(representation))));
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IllegalStateException("creating realm failed: " + response.statusCode() + " " + response.body());
        }
    }

    /** An access token for a user, through the resource-owner password grant of a public client. */
    public String passwordToken(String clientId, String username, String password) {
        return token(form(Map.of("grant_type", "password", "client_id", clientId, "username", username,
                "password", password, "scope", "openid")));
    }

    /** An access token for a confidential client's service account. */
    public String clientToken(String clientId, String secret) {
        return token(form(Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret)));
    }

    private String token(String form) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        uri("/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request to realm " + realm + " failed: " + response.statusCode()
                    + " " + response.body());
        }
        return (String) read(response.body()).get("access_token");
    }

    private String adminToken() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        uri("/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password",
                        "client_id", "admin-cli", "username", keycloak.adminUser(),
                        "password", keycloak.adminPassword())))));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("admin login failed: " + response.statusCode() + " " + response.body());
        }
        return (String) read(response.body()).get("access_token");
    }

    private void post(String path, Object body, int... alsoFine) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))));
        if (response.statusCode() / 100 != 2 && java.util.Arrays.stream(alsoFine).noneMatch(s -> s == response.statusCode())) {
            throw new IllegalStateException("POST " + path + " failed: " + response.statusCode() + " " + response.body());
        }
    }

    private URI uri(String path) {
        return URI.create(keycloak.url() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return pairs.stream().collect(Collectors.joining("&"));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }
}
