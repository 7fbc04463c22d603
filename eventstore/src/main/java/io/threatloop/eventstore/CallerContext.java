package io.threatloop.eventstore;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.Executor;

/**
 * The caller's Vert.x context as an executor: work that completes on other threads (Kafka
 * acknowledgements, HTTP responses, a worker pool, a retry timer) comes back to it, because the
 * reactive session of the caller's transaction is bound to it.
 */
public final class CallerContext {

    private CallerContext() {
    }

    /** Runs tasks on the calling thread's Vert.x context, or with {@code none} when it has none. */
    public static Executor executor(Executor none) {
        Context context = Vertx.currentContext();
        return context == null ? none : task -> context.runOnContext(v -> task.run());
    }
}
