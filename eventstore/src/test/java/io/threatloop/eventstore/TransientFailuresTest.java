package io.threatloop.eventstore;

import com.fasterxml.jackson.core.JsonParseException;
import io.threatloop.contracts.InvalidEventException;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures a consumer tries again and which send the record to its dead-letter topic. */
class TransientFailuresTest {

    @Test
    void aDatabaseOrNetworkFailureIsTriedAgainEvenWhenWrapped() {
        assertThat(TransientFailures.isTransient(new ConnectException("Connection refused"))).isTrue();
        assertThat(TransientFailures.isTransient(new CompletionException(ClosedConnectionException.INSTANCE))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException("could not apply",
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null))))
                .isTrue();
        assertThat(TransientFailures.isTransient(new PgException("deadlock detected", "ERROR", "40P01", null))).isTrue();
    }

    @Test
    void aSocketResetOrAConnectionClosedUnderQueuedCommandsIsTriedAgain() {
        assertThat(TransientFailures.isTransient(new CompletionException(new SocketException("Connection reset"))))
                .isTrue();
        assertThat(TransientFailures.isTransient(new IOException("Broken pipe"))).isTrue();
        assertThat(TransientFailures.isTransient(new NoStackTraceThrowable(
                "Pending requests failed to be sent due to connection has been closed."))).isTrue();
    }

    @Test
    void aFailureThatHidesTheBrokenConnectionAsSuppressedIsTriedAgain() {
        IllegalStateException rollbackFailed = new IllegalStateException("transaction could not be rolled back");
        rollbackFailed.addSuppressed(new SocketException("Connection reset"));

        assertThat(TransientFailures.isTransient(rollbackFailed)).isTrue();
    }

    @Test
    void whatTheRecordCausedIsNot() {
        assertThat(TransientFailures.isTransient(new InvalidEventException("not JSON"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("unknown threat rule 'X'"))).isFalse();
        assertThat(TransientFailures.isTransient(new PgException("value too long", "ERROR", "22001", null))).isFalse();
        assertThat(TransientFailures.isTransient(new PgException("duplicate key", "ERROR", "23505", null))).isFalse();
        assertThat(TransientFailures.isTransient(new UncheckedIOException(new JsonParseException(null, "not JSON"))))
                .isFalse();
        assertThat(TransientFailures.isTransient(new VertxException("no such column"))).isFalse();
    }
}
