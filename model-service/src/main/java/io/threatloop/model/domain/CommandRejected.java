package io.threatloop.model.domain;

/**
 * A command the model refuses, with what the caller can do about it: an invalid field
 * ({@code field} names it), an unknown target, or a state that does not allow it.
 */
public final class CommandRejected extends RuntimeException {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT }

    private final Kind kind;
    private final String field;

    private CommandRejected(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public static CommandRejected invalid(String field, String message) {
        return new CommandRejected(Kind.INVALID, field, message);
    }

    public static CommandRejected notFound(String message) {
        return new CommandRejected(Kind.NOT_FOUND, null, message);
    }

    public static CommandRejected conflict(String message) {
        return new CommandRejected(Kind.CONFLICT, null, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
