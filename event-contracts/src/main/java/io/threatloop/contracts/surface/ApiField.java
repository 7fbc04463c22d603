package io.threatloop.contracts.surface;

/**
 * A field of a request or response body, flattened to a path: {@code owner.email},
 * {@code items[].id}. {@code openObject} is true for an object that accepts properties it
 * does not declare (additionalProperties, or no properties at all).
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
        boolean openObject) {
}
