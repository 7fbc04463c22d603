package io.threatloop.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.Executor;
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

    /** Whether the failure says nothing about the record: the database or the network failed. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException
                    || t instanceof ClosedChannelException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                // connection exceptions, shutdown / cannot connect now, too many connections,
                // serialization failure, deadlock
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")
                        || state.equals("40001") || state.equals("40P01")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs {@code work} again, on the caller's Vert.x context, after a transient failure (waits
     * from 0.2 s growing to 5 s); any other failure is passed on at once.
     */
    public static <T> Uni<T> retried(String what, Supplier<Uni<T>> work) {
        Executor onContext = CallerContext.executor(Runnable::run);
        return Uni.createFrom().<T>deferred(() -> work.get())
                .runSubscriptionOn(onContext)
                .onFailure(TransientFailures::isTransient)
                .invoke(failure -> LOG.warnf("%s failed for a reason outside the record, trying again: %s", what,
                        failure.toString()))
                .onFailure(TransientFailures::isTransient)
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely();
    }
}
