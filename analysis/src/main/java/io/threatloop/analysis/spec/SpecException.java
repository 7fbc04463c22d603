package io.threatloop.analysis.spec;

/** A document that cannot be read as an API description; the message is shown to users as is. */
public class SpecException extends Exception {
    private final String location;

    public SpecException(String message, String location) {
        super(message);
        this.location = location;
    }

    /** Where in the document, e.g. {@code openapi.yaml:3:9}, or just the file. */
    public String location() {
        return location;
    }
}
