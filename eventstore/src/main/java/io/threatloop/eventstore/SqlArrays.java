package io.threatloop.eventstore;

import java.util.Arrays;
import java.util.Collection;

/**
 * Array parameters of native statements as PostgreSQL array literals ({@code {"a","b\"c",NULL}}),
 * bound as one text value that the statement casts twice ({@code cast(cast(?1 as text) as text[])},
 * or {@code as bigint[]}: with one cast PostgreSQL infers the parameter to be the array itself).
 * Bound as a Java array, Hibernate resolves the parameter's type anew at every bind and fails to
 * register it once booted: an exception with the whole reactive stack filled in, caught inside
 * Hibernate, per array parameter of every statement (2-3 % of each consumer's CPU in a profile).
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    /** The literal of {@code values} in their order; each element quoted, {@code null} as SQL NULL. */
    public static String of(Collection<?> values) {
        StringBuilder literal = new StringBuilder(16 * values.size() + 2).append('{');
        for (Object value : values) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            if (value == null) {
                literal.append("NULL");
                continue;
            }
            literal.append('"');
            String text = value.toString();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }

    public static String of(Object[] values) {
        return of(Arrays.asList(values));
    }
}
