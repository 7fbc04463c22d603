package io.threatloop.contracts.surface;

/** A parameter with the constraints that matter for parameter attacks. */
public record ApiParameter(
        String name,
        String in,
        boolean required,
        String type,
        String format,
        String pattern,
        Integer maxLength,
        boolean bounded) {
}
