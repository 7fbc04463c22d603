package io.threatloop.cli.stack;

import io.threatloop.runtime.OwnerOnlyFile;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The passwords of the local stack's servers, generated at its first start and kept in
 * {@value #FILE} (mode 600) next to the data they protect, so a kept database, Keycloak's
 * users among them, opens again at the next start. Nothing else of the stack has a default
 * password.
 */
final class LocalCredentials {

    static final String FILE = "credentials.properties";

    private final Properties values;

    private LocalCredentials(Properties values) {
        this.values = values;
    }

    /** The credentials kept in {@code dir}, made (and written) for what is missing. */
    static LocalCredentials in(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            Properties values = new Properties();
            if (Files.exists(file)) {
                values.load(new StringReader(Files.readString(file)));
            }
            boolean added = false;
            for (String key : new String[]{"postgres", "kafka", "keycloak-admin", "threatloop-admin"}) {
                if (values.getProperty(key, "").isBlank()) {
                    values.setProperty(key, generated());
                    added = true;
                }
            }
            if (added) {
                java.io.StringWriter text = new java.io.StringWriter();
                values.store(text, "threatloop up: passwords of the local servers (keep this file private)");
                OwnerOnlyFile.write(file, text.toString());
            }
            return new LocalCredentials(values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the local stack's credentials in " + file, e);
        }
    }

    /** The superuser's password of the embedded PostgreSQL. */
    String postgres() {
        return values.getProperty("postgres");
    }

    /** The password of the Kafka broker's one user. */
    String kafka() {
        return values.getProperty("kafka");
    }

    /** Keycloak's bootstrap administrator (master realm). */
    String keycloakAdmin() {
        return values.getProperty("keycloak-admin");
    }

    /** {@code threatloop-admin} of the threatloop realm, the login {@code up} prints the place of. */
    String threatloopAdmin() {
        return values.getProperty("threatloop-admin");
    }

    private static String generated() {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static final SecureRandom RANDOM = new SecureRandom();
}
