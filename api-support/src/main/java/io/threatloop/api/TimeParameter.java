package io.threatloop.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The one rule for instants in query parameters ({@code at}, {@code until}, {@code dueBefore}):
 * ISO-8601 with an offset, between 1970 and 9999. {@code -999999999-01-01T00:00:00Z} parses, and
 * once answered as if no time had been given.
 */
public final class TimeParameter {

    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private TimeParameter() {
    }

    public static OffsetDateTime parse(String field, String value) {
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, field + " is an ISO-8601 date-time such as 2026-12-01T00:00:00Z, not '"
                    + abbreviated(value) + "'");
        }
        if (time.toInstant().isBefore(EARLIEST) || time.toInstant().isAfter(LATEST)) {
            throw ProblemException.invalid(field, field + " lies between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z,"
                    + " not at " + time);
        }
        return time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    public static Instant instant(String field, String value) {
        return parse(field, value).toInstant();
    }

    private static String abbreviated(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
