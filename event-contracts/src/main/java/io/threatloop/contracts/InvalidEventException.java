package io.threatloop.contracts;

/** A record is not a threatloop event we can read; the message says why, for the dead-letter record. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
