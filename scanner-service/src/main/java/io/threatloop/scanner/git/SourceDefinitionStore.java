package io.threatloop.scanner.git;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sources added through the API, in PostgreSQL ({@code source_definitions}); their tokens
 * are stored encrypted ({@link TokenCipher}) and decrypted only to fetch.
 */
@ApplicationScoped
public class SourceDefinitionStore {

    private static final Logger LOG = Logger.getLogger(SourceDefinitionStore.class);

    private static final String COLUMNS = "source_name, url, branch, application, from_revision, token, token_user,"
            + " extract(epoch from poll_interval)::bigint, team";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ScannerConfig config;

    private TokenCipher cipher;
    private final Set<String> undecryptable = ConcurrentHashMap.newKeySet();

    /** Loads the token keys and seals every stored token with the current one (rotation, and rows from before encryption). */
    void start(@Observes StartupEvent start) throws IOException {
        Optional<Path> keys = config.sourcesApi().tokenKeysFile();
        if (keys.isEmpty()) {
            LOG.info("no token key file (threatloop.scanner.sources-api.token-keys-file): the sources API refuses tokens");
            return;
        }
        cipher = TokenCipher.fromFile(keys.get());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select source_name, token from source_definitions where token is not null");
             PreparedStatement update = connection.prepareStatement(
                     "update source_definitions set token = ? where source_name = ? and token = ?");
             ResultSet rows = select.executeQuery()) {
            int sealed = 0;
            while (rows.next()) {
                String name = rows.getString(1);
                String stored = rows.getString(2);
                if (!cipher.needsReencryption(stored)) {
                    continue;
                }
                try {
                    String token = TokenCipher.isEncrypted(stored) ? cipher.decrypt(name, stored) : stored;
                    update.setString(1, cipher.encrypt(name, token));
                    update.setString(2, name);
                    update.setString(3, stored);
                    sealed += update.executeUpdate();
                } catch (IllegalStateException e) {
                    LOG.warnf("source '%s': %s", name, e.getMessage());
                }
            }
            if (sealed > 0) {
                LOG.infof("encrypted %d stored source token(s) with the current key", sealed);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot encrypt the stored source tokens: " + e.getMessage(), e);
        }
    }

    /** Whether a token can be stored: only encrypted, so only with a key file. */
    public boolean storesTokens() {
        return cipher != null;
    }

    private String reveal(String name, String stored) {
        if (stored == null) {
            return null;
        }
        try {
            if (cipher == null || !TokenCipher.isEncrypted(stored)) {
                throw new IllegalStateException("the stored token cannot be read: "
                        + (cipher == null ? "the scanner has no token key file" : "it was stored before encryption"));
            }
            String token = cipher.decrypt(name, stored);
            undecryptable.remove(name);
            return token;
        } catch (IllegalStateException e) {
            if (undecryptable.add(name)) { // once, not at every poll
                LOG.warnf("source '%s': %s; it is fetched without a token until then", name, e.getMessage());
            }
            return null;
        }
    }

    public List<GitSource> all() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select " + COLUMNS + " from source_definitions order by source_name");
             ResultSet rows = select.executeQuery()) {
            List<GitSource> sources = new ArrayList<>();
            while (rows.next()) {
                long seconds = rows.getLong(8);
                Duration interval = rows.wasNull() ? null : Duration.ofSeconds(seconds);
                sources.add(new GitSource(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(9), rows.getString(5), GitSource.MountedSecrets.NONE, rows.getString(7),
                        reveal(rows.getString(1), rows.getString(6)),
                        interval, GitSource.Origin.API));
            }
            return sources;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the source definitions: " + e.getMessage(), e);
        }
    }

    /**
     * Creates or replaces; a null token keeps the stored one (the API never shows it, so clients
     * cannot resend it), but only for the same URL: a token is bound to the URL it was given with,
     * so a changed URL without a token drops it rather than send it to another host.
     */
    public void save(GitSource source, boolean keepToken, String by) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
                     insert into source_definitions (source_name, url, branch, application, from_revision, token,
                                                     token_user, poll_interval, created_by, team, updated_at)
                     values (?, ?, ?, ?, ?, ?, ?, make_interval(secs => ?), ?, ?, now())
                     on conflict (source_name) do update set url = excluded.url, branch = excluded.branch,
                         application = excluded.application, from_revision = excluded.from_revision,
                         team = excluded.team,
                         token = case when ? and source_definitions.url = excluded.url
                                      then source_definitions.token else excluded.token end,
                         token_user = excluded.token_user, poll_interval = excluded.poll_interval,
                         updated_at = now()""")) {
            upsert.setString(1, source.name());
            upsert.setString(2, source.url());
            upsert.setString(3, source.branch());
            upsert.setString(4, source.application());
            upsert.setString(5, source.from());
            if (source.token() != null && cipher == null) {
                throw new IllegalStateException("tokens are stored only encrypted, and the scanner has no token key file");
            }
            upsert.setString(6, source.token() == null ? null : cipher.encrypt(source.name(), source.token()));
            upsert.setString(7, source.tokenUser());
            if (source.pollInterval() == null) {
                upsert.setNull(8, java.sql.Types.DOUBLE);
            } else {
                upsert.setDouble(8, source.pollInterval().toSeconds());
            }
            upsert.setString(9, by);
            upsert.setString(10, source.team());
            upsert.setBoolean(11, keepToken);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save source '" + source.name() + "': " + e.getMessage(), e);
        }
    }

    /** True when a source of that name was deleted. */
    public boolean delete(String name) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "delete from source_definitions where source_name = ?")) {
            delete.setString(1, name);
            return delete.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete source '" + name + "': " + e.getMessage(), e);
        }
    }
}
