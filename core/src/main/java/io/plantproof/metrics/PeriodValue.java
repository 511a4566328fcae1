package io.plantproof.metrics;

import io.plantproof.sample.Provenance;

import java.util.Map;

/**
 * An indicator's value for one period with the inputs it was computed from. {@code value} is
 * {@code null} when there was no data or the indicator is not computed; {@code note} then says why.
 */
public record PeriodValue(Double value, Provenance provenance, Map<String, Double> inputs, String note) {

    public PeriodValue {
        // sorted, not Map.copyOf: its iteration order changes from one JVM run to the next, and so would the JSON
        inputs = inputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(inputs));
    }

    public static PeriodValue missing(String why) {
        return new PeriodValue(null, null, Map.of(), why);
    }
}
