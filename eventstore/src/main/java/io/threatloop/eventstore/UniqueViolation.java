package io.threatloop.eventstore;

/**
 * Recognises a PostgreSQL unique violation (SQLSTATE 23505) anywhere in a failure's causes:
 * a lost optimistic-concurrency race or a concurrently processed message. Either way the
 * right answer is to retry the whole transaction, which then sees the winner's state.
 */
public final class UniqueViolation {

    /**
     * Each round of a race has one winner, so n writers of one stream need at most n - 1 retries;
     * retries are immediate because a delayed one would leave the Vert.x context the reactive
     * session needs.
     */
    public static final int MAX_RETRIES = 20;

    private UniqueViolation() {
    }

    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("23505") || message.contains("duplicate key value")) {
                return true;
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
