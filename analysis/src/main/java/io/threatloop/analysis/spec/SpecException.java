package io.threatloop.analysis.spec;

/** A document that cannot be read as an API description; the message is shown to users as is. */
public class SpecException extends Exception {
    private final String location;
    private final boolean notAnApiDescription;

    public SpecException(String message, String location) {
        this(message, location, false);
    }

    private SpecException(String message, String location, boolean notAnApiDescription) {
        super(message);
        this.location = location;
        this.notAnApiDescription = notAnApiDescription;
    }

    /** A well-formed YAML/JSON document that simply is not an API description. */
    static SpecException notAnApiDescription(String message, String location) {
        return new SpecException(message, location, true);
    }

    /** True when the document read fine but is not an OpenAPI/Swagger description at all. */
    public boolean notAnApiDescription() {
        return notAnApiDescription;
    }

    /** Where in the document, e.g. {@code openapi.yaml:3:9}, or just the file. */
    public String location() {
        return location;
    }
}
