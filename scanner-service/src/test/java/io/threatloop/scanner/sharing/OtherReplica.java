package io.threatloop.scanner.sharing;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Another scanner replica, played through the database as a second process would: it records
 * itself alive, and leaves.
 */
public record OtherReplica(AgroalDataSource database, String id) implements AutoCloseable {

    /** A replica (not yet alive) for which {@code share} holds, given the live replica {@code me}. */
    public static OtherReplica such(AgroalDataSource database, String me, Predicate<List<String>> share) {
        return IntStream.range(0, 10_000).mapToObj(i -> new OtherReplica(database, "scanner-other-" + i))
                .filter(other -> share.test(List.of(me, other.id()))).findFirst().orElseThrow();
    }

    public OtherReplica join() throws SQLException {
        run("insert into scanner_replicas (replica_id, seen_at) values (?, now())");
        return this;
    }

    /** Stops as a replica does: its row gone. */
    @Override
    public void close() throws SQLException {
        run("delete from scanner_replicas where replica_id = ?");
    }

    private void run(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            statement.executeUpdate();
        }
    }
}
