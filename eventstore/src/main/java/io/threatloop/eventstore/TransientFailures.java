package io.threatloop.eventstore;

import com.fasterxml.jackson.core.JacksonException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one rule for consumers: what the infrastructure failed (the database restarting, a lost
 * connection) is tried again until it works, holding the partition so that order is kept; only
 * what the record itself caused (unreadable, refused by the domain) goes to the dead-letter
 * topic. Dead-lettering a valid record because the database was down would lose it.
 */
public final class TransientFailures {

    private static final Logger LOG = Logger.getLogger(TransientFailures.class);

    private TransientFailures() {
    }

    /**
     * Whether the failure says nothing about the record: the database or the network failed.
     * Which failures a restart of the server causes is checked against a real one
     * (DatabaseRestartTest): a reset or closed socket, a refused connection, commands failed in
     * flight or still queued on a closed connection, the server shutting down or starting up.
     */
    public static boolean isTransient(Throwable failure) {
        return isTransient(failure, 0);
    }

    private static boolean isTransient(Throwable failure, int depth) {
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (isNetwork(t) || isClosedConnection(t) || isServerUnavailable(t)) {
                return true;
            }
            // a rollback that failed on the broken connection carries the first failure along
            for (Throwable suppressed : t.getSuppressed()) {
                if (isTransient(suppressed, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Socket I/O (a reset, a broken pipe, a refused connection); JSON a handler could not read is the record's. */
    private static boolean isNetwork(Throwable t) {
        return (t instanceof IOException && !(t instanceof JacksonException)) || t instanceof TimeoutException;
    }

    private static boolean isClosedConnection(Throwable t) {
        return t instanceof ClosedConnectionException
                // commands still queued when the connection closed (with a cause or without)
                || ((t instanceof VertxException || t instanceof NoStackTraceThrowable) && t.getMessage() != null
                && t.getMessage().contains("connection has been closed"));
    }

    /** Connection exceptions, shutdown / cannot connect now, too many connections, serialization failure, deadlock. */
    private static boolean isServerUnavailable(Throwable t) {
        if (!(t instanceof PgException pg) || pg.getSqlState() == null) {
            return false;
        }
        String state = pg.getSqlState();
        return state.startsWith("08") || state.startsWith("57P") || state.equals("53300")
                || state.equals("40001") || state.equals("40P01");
    }

    /**
     * Runs {@code work} on {@code onContext} (the caller's Vert.x context, see {@link CallerContext}),
     * and again after a transient failure (waits from 0.2 s growing to 5 s); any other failure is
     * passed on at once.
     */
    public static <T> Uni<T> retried(String what, Executor onContext, Supplier<Uni<T>> work) {
        return Uni.createFrom().<T>deferred(() -> work.get())
                .runSubscriptionOn(onContext)
                .onFailure(TransientFailures::isTransient)
                .invoke(failure -> LOG.warnf("%s failed for a reason outside the record, trying again: %s", what,
                        failure.toString()))
                .onFailure(TransientFailures::isTransient)
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely();
    }
}
