package io.threatloop.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `up` once ran PostgreSQL trusting every local connection: any user of the machine could read the models. */
class EmbeddedPostgresTest {

    @Test
    void aServerWithAPasswordRefusesAWrongOneAndKeepsItsData(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        try (EmbeddedPostgres first = EmbeddedPostgres.start(data, true, "right-password")) {
            assertThat(first.password()).isEqualTo("right-password");
            first.createDatabaseNamed("threatloop_model");
            execute(first, "right-password", "create table kept (note text); insert into kept values ('first run')");
            assertRefused(first, "wrong-password");
            assertRefused(first, "");
        }
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#]*\\btrust\\s*$");
        assertThat(Files.list(dir)).as("initdb's password file is gone").containsExactly(data);

        try (EmbeddedPostgres second = EmbeddedPostgres.start(data, true, "right-password")) {
            assertThat(select(second, "right-password", "select note from kept")).isEqualTo("first run");
            assertRefused(second, "wrong-password");
        }
    }

    @Test
    void dataFromARunWithoutPasswordsGetsThePasswordAtTheNextStart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        try (EmbeddedPostgres old = EmbeddedPostgres.start(data, true, null)) {
            old.createDatabaseNamed("threatloop_model");
            execute(old, "anything", "create table kept (note text); insert into kept values ('older run')");
        }
        try (EmbeddedPostgres now = EmbeddedPostgres.start(data, true, "new-password")) {
            assertThat(select(now, "new-password", "select note from kept")).isEqualTo("older run");
            assertRefused(now, "anything");
        }
        assertThat(Files.getPosixFilePermissions(data.resolve("pg_hba.conf")))
                .doesNotContain(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    }

    private static void assertRefused(EmbeddedPostgres server, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("threatloop_model"), server.user(), password)
                .close()).isInstanceOf(SQLException.class).hasMessageContaining("password");
    }

    private static void execute(EmbeddedPostgres server, String password, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("threatloop_model"), server.user(),
                password); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String select(EmbeddedPostgres server, String password, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("threatloop_model"), server.user(),
                password); Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
