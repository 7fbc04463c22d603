package io.threatloop.cli.inspect;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Progress on stderr for work that takes longer than a second, and only when a person watches a
 * terminal: piped or in CI the output stays what the command produces. At most a line a second.
 */
final class TerminalProgress {

    private static final long SECOND = 1_000_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long last = started;

    TerminalProgress(PrintStream err) {
        this(err, System.console() != null && err == System.err);
    }

    TerminalProgress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Shows {@code line} once, a second from now, unless {@code finished} ran by then: for one long
     * step (reading a large spec) that cannot report as it goes.
     */
    Runnable announce(String line) {
        if (!terminal) {
            return () -> { };
        }
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS).execute(() -> {
            if (!finished.get()) {
                err.println(line);
            }
        });
        return () -> finished.set(true);
    }

    /** Shows {@code line} if the work has run for a second and the last line is a second old. */
    void step(Supplier<String> line) {
        long now = System.nanoTime();
        if (terminal && now - started >= SECOND && now - last >= SECOND) {
            err.println(line.get());
            last = now;
        }
    }
}
