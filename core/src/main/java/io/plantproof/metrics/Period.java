package io.plantproof.metrics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * An inclusive range of calendar days in the plant's time zone, written {@code 2025-07-01..2025-12-31}.
 */
public record Period(LocalDate from, LocalDate to) {

    public Period {
        if (from == null || to == null || to.isBefore(from)) {
            throw new IllegalArgumentException("period " + from + ".." + to + " is empty or reversed");
        }
    }

    /** Parses {@code A..B}; throws {@link IllegalArgumentException} with the offending text. */
    public static Period parse(String text) {
        int dots = text == null ? -1 : text.indexOf("..");
        if (dots < 0) {
            throw new IllegalArgumentException("period '" + text + "' must look like 2025-07-01..2025-12-31");
        }
        try {
            return new Period(LocalDate.parse(text.substring(0, dots)), LocalDate.parse(text.substring(dots + 2)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("period '" + text + "': " + e.getMessage(), e);
        }
    }

    public long startMillis(ZoneId zone) {
        return from.atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** End of the last day, exclusive, clipped to {@code asOf} so a running period ends now. */
    public long endMillis(ZoneId zone, Instant asOf) {
        long end = to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        return asOf == null ? end : Math.min(end, asOf.toEpochMilli());
    }

    @Override
    public String toString() {
        return from + ".." + to;
    }
}
