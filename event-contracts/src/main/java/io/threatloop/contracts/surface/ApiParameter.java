package io.threatloop.contracts.surface;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A parameter with the constraints that matter for parameter attacks. {@code bounded} says
 * whether its size or range is limited at all (maxLength, maximum, maxItems, enum, pattern).
 * {@code urlExample} says that the spec's example of the value is a URL.
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
        boolean bounded,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Boolean urlExample) {

    /** {@code urlExample} is boxed so that data written before it existed still reads, as false. */
    public ApiParameter {
        enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
        urlExample = Boolean.TRUE.equals(urlExample);
    }

    /** A parameter whose example, if any, is not a URL. */
    public ApiParameter(String name, String in, boolean required, String type, String format, String pattern,
                        Integer maxLength, Double minimum, Double maximum, List<String> enumValues, boolean bounded) {
        this(name, in, required, type, format, pattern, maxLength, minimum, maximum, enumValues, bounded, false);
    }

    /** The identity of a parameter within its operation. */
    public String key() {
        return in + ":" + name;
    }
}
