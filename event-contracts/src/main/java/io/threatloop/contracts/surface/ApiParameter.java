package io.threatloop.contracts.surface;

import java.util.List;

/**
 * A parameter with the constraints that matter for parameter attacks. {@code bounded} says
 * whether its size or range is limited at all (maxLength, maximum, maxItems, enum, pattern).
 */
public record ApiParameter(
        String name,
        String in,
        boolean required,
        String type,
        String format,
        String pattern,
        Integer maxLength,
        Double minimum,
        Double maximum,
        List<String> enumValues,
        boolean bounded) {

    public ApiParameter {
        enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
    }

    /** The identity of a parameter within its operation. */
    public String key() {
        return in + ":" + name;
    }
}
