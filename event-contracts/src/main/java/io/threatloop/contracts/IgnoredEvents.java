package io.threatloop.contracts;

import java.util.Set;

/**
 * What one fold over events ignores on purpose. A fold handles some types and ends its dispatch
 * with {@link #require}: an event it neither handled nor lists here is a type it was never
 * taught, and that fails loudly instead of being skipped. Each module's tests drive every
 * catalogued type through each of its folds (the golden events of event-contracts), so a new
 * type fails there, in every fold that has to decide about it (docs/ARCHITECTURE.md, "How to add
 * an event type").
 */
public record IgnoredEvents(String fold, Set<Class<? extends EventData>> types) {

    public IgnoredEvents {
        types = Set.copyOf(types);
    }

    @SafeVarargs
    public static IgnoredEvents by(String fold, Class<? extends EventData>... types) {
        return new IgnoredEvents(fold, Set.of(types));
    }

    public boolean contains(EventData event) {
        return types.contains(event.getClass());
    }

    /** Where a fold's dispatch ends: {@code event} was handled by none of its branches. */
    public void require(EventData event) {
        if (!contains(event)) {
            throw new UnhandledEventException(fold + " neither handles nor ignores " + event.getClass().getSimpleName()
                    + ": give it a branch, or list it among what " + fold + " ignores");
        }
    }

    /** A fold met an event type it was never taught: a programming error, found by the fold tests. */
    public static final class UnhandledEventException extends IllegalStateException {
        UnhandledEventException(String message) {
            super(message);
        }
    }
}
