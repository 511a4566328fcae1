package io.plantproof.rules;

import com.fasterxml.jackson.annotation.JsonValue;
import io.plantproof.metrics.Indicator;

/** Which number of an indicator a rule looks at: a period's value, or the change from baseline to current. */
public enum Measure {
    /** The current (建设后) period's value. */
    CURRENT("current"),
    /** The baseline (建设前) period's value. */
    BASELINE("baseline"),
    /** The relative increase in percent. */
    CHANGE_PERCENT("changePercent"),
    /** The relative decrease in percent. */
    REDUCTION_PERCENT("reductionPercent");

    private final String written;

    Measure(String written) {
        this.written = written;
    }

    @JsonValue
    public String written() {
        return written;
    }

    /** This measure of an indicator, or {@code null} when the indicator has no such number. */
    public Double of(Indicator i) {
        return switch (this) {
            case CURRENT -> i.current().value();
            case BASELINE -> i.baseline().value();
            case CHANGE_PERCENT -> i.changePercent();
            case REDUCTION_PERCENT -> i.changePercent() == null ? null : -i.changePercent();
        };
    }

    @Override
    public String toString() {
        return written;
    }
}
