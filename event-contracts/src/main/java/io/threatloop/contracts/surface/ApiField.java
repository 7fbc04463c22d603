package io.threatloop.contracts.surface;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A field of a request or response body, flattened to a path: {@code owner.email},
 * {@code items[].id}. {@code openObject} is true for an object that accepts properties it
 * does not declare (additionalProperties, or no properties at all). {@code maximum},
 * {@code maxItems} and {@code enumerated} (an enum or const) bound numbers, arrays and values.
 * {@code closed} is true for an object that explicitly forbids undeclared properties
 * ({@code additionalProperties: false}); an object that declares properties but says nothing
 * accepts others too (JSON Schema's default) and is neither open nor closed. {@code minimum}
 * is the lower bound of a number; {@code urlExample} says that the spec's example of the value
 * is a URL (a plain {@code type: string} that the server may fetch). Fields the spec shows only
 * in an example, with no schema, are listed too (typed from the example's values).
 */
public record ApiField(
        String path,
        String type,
        String format,
        boolean required,
        boolean readOnly,
        boolean writeOnly,
        Integer maxLength,
        String pattern,
        boolean openObject,
        Double maximum,
        Integer maxItems,
        boolean enumerated,
        boolean closed,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double minimum,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Boolean urlExample) {

    /**
     * {@code urlExample} is boxed so that data written before it existed still reads, as false;
     * the fields added since are written only when set, so a surface of 5,000 operations stays
     * as small as it was.
     */
    public ApiField {
        urlExample = Boolean.TRUE.equals(urlExample);
    }

    /** A field without numeric, array or enum constraints. */
    public ApiField(String path, String type, String format, boolean required, boolean readOnly, boolean writeOnly,
                    Integer maxLength, String pattern, boolean openObject) {
        this(path, type, format, required, readOnly, writeOnly, maxLength, pattern, openObject, null, null, false,
                false, null, false);
    }

    /** A field that does not say whether undeclared properties are forbidden. */
    public ApiField(String path, String type, String format, boolean required, boolean readOnly, boolean writeOnly,
                    Integer maxLength, String pattern, boolean openObject, Double maximum, Integer maxItems,
                    boolean enumerated) {
        this(path, type, format, required, readOnly, writeOnly, maxLength, pattern, openObject, maximum, maxItems,
                enumerated, false, null, false);
    }

    /** A field without a lower bound or an example. */
    public ApiField(String path, String type, String format, boolean required, boolean readOnly, boolean writeOnly,
                    Integer maxLength, String pattern, boolean openObject, Double maximum, Integer maxItems,
                    boolean enumerated, boolean closed) {
        this(path, type, format, required, readOnly, writeOnly, maxLength, pattern, openObject, maximum, maxItems,
                enumerated, closed, null, false);
    }
}
