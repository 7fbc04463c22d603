package io.threatloop.runtime;

import java.util.Optional;

/**
 * Servers the environment names, used instead of starting them (CI services, a cluster,
 * containers): {@code KAFKA_BOOTSTRAP_SERVERS}; the libpq variables {@code PGHOST},
 * {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD}; {@code KEYCLOAK_URL} with
 * {@code KEYCLOAK_ADMIN} / {@code KEYCLOAK_ADMIN_PASSWORD}. One place for both the local stack
 * and the tests.
 */
public final class ExternalServers {

    public static final String KAFKA = "KAFKA_BOOTSTRAP_SERVERS";

    private ExternalServers() {
    }

    /** The bootstrap servers {@value #KAFKA} names. */
    public static Optional<String> kafka() {
        return set(KAFKA);
    }

    /** The PostgreSQL server {@code PGHOST} names. */
    public static Optional<EmbeddedPostgres> postgres() {
        return set("PGHOST").map(host -> EmbeddedPostgres.external(host, Integer.parseInt(env("PGPORT", "5432")),
                env("PGUSER", "postgres"), env("PGPASSWORD", "postgres")));
    }

    /** The Keycloak {@code KEYCLOAK_URL} names, administered as {@code KEYCLOAK_ADMIN}. */
    public static Optional<EmbeddedKeycloak> keycloak() {
        return set("KEYCLOAK_URL").map(url -> EmbeddedKeycloak.external(url, env("KEYCLOAK_ADMIN", "admin"),
                env("KEYCLOAK_ADMIN_PASSWORD", "admin")));
    }

    private static Optional<String> set(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static String env(String name, String fallback) {
        return set(name).orElse(fallback);
    }
}
