package io.plantproof.cli;

import io.plantproof.rules.ApplicationType;
import io.plantproof.metrics.Period;

import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/**
 * Option values with a type of their own: periods, durations and application types.
 * Each failure is a {@link TypeConversionException}, which picocli reports with the option's name (exit 2).
 */
final class Converters {

    private Converters() {
    }

    /** {@code 2025-07-01..2025-12-31}, both days inclusive. */
    static Period period(String text) {
        try {
            return Period.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code 90s}, {@code 5m}, {@code 2h} or an ISO-8601 duration such as {@code PT1H30M}. */
    static Duration duration(String text) {
        try {
            if (text.matches("\\d+[smh]")) {
                long n = Long.parseLong(text.substring(0, text.length() - 1));
                return switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(text);
        } catch (RuntimeException e) {
            throw new TypeConversionException("'" + text + "' is not a duration like 90s, 5m, 2h or PT1H");
        }
    }

    /** {@code smart-factory} or {@code digital-workshop}. */
    static ApplicationType applicationType(String text) {
        try {
            return ApplicationType.of(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
