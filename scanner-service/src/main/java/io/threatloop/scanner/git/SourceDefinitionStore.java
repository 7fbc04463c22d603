package io.threatloop.scanner.git;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The sources added through the API, in PostgreSQL ({@code source_definitions}). */
@ApplicationScoped
public class SourceDefinitionStore {

    private static final String COLUMNS = "source_name, url, branch, application, from_revision, token, token_user,"
            + " extract(epoch from poll_interval)::bigint";

    @Inject
    AgroalDataSource dataSource;

    public List<GitSource> all() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select " + COLUMNS + " from source_definitions order by source_name");
             ResultSet rows = select.executeQuery()) {
            List<GitSource> sources = new ArrayList<>();
            while (rows.next()) {
                long seconds = rows.getLong(8);
                sources.add(new GitSource(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), GitSource.MountedSecrets.NONE, rows.getString(7), rows.getString(6),
                        rows.wasNull() ? null : Duration.ofSeconds(seconds), GitSource.Origin.API));
            }
            return sources;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the source definitions: " + e.getMessage(), e);
        }
    }

    /** Creates or replaces; a null token keeps the stored one (the API never shows it, so clients cannot resend it). */
    public void save(GitSource source, boolean keepToken, String by) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
                     insert into source_definitions (source_name, url, branch, application, from_revision, token,
                                                     token_user, poll_interval, created_by, updated_at)
                     values (?, ?, ?, ?, ?, ?, ?, make_interval(secs => ?), ?, now())
                     on conflict (source_name) do update set url = excluded.url, branch = excluded.branch,
                         application = excluded.application, from_revision = excluded.from_revision,
                         token = case when ? then source_definitions.token else excluded.token end,
                         token_user = excluded.token_user, poll_interval = excluded.poll_interval,
                         updated_at = now()""")) {
            upsert.setString(1, source.name());
            upsert.setString(2, source.url());
            upsert.setString(3, source.branch());
            upsert.setString(4, source.application());
            upsert.setString(5, source.from());
            upsert.setString(6, source.token());
            upsert.setString(7, source.tokenUser());
            if (source.pollInterval() == null) {
                upsert.setNull(8, java.sql.Types.DOUBLE);
            } else {
                upsert.setDouble(8, source.pollInterval().toSeconds());
            }
            upsert.setString(9, by);
            upsert.setBoolean(10, keepToken);
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
