package io.plantproof.plant;

import com.fasterxml.jackson.annotation.JsonValue;
import io.plantproof.sample.Signals;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of signal a plant file maps (DESIGN.md, plant model). {@link #id()} is the name written in the plant file
 * and the signal name samples of this kind carry.
 */
public enum SignalKind {
    /** The machine state, mapped from the device's own codes to RUNNING / IDLE / DOWN / PLANNED_STOP / OFF. */
    STATE(Signals.STATE),
    /** Cumulative count of produced pieces. */
    COUNT_TOTAL(Signals.COUNT_TOTAL),
    /** Cumulative count of good pieces. */
    COUNT_GOOD(Signals.COUNT_GOOD),
    /** Cumulative count of scrap pieces. */
    COUNT_SCRAP(Signals.COUNT_SCRAP),
    /** Cumulative energy meter, with energy type and unit. */
    ENERGY(Signals.ENERGY),
    /** Instantaneous power. */
    POWER(Signals.POWER),
    /** Measured cycle time. */
    CYCLE_TIME(Signals.CYCLE_TIME),
    /** Any other measurement, kept as evidence but used by no indicator. */
    MEASUREMENT("measurement");

    private final String id;

    SignalKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** The kind named {@code id} as the plant file writes it, or empty when there is none. */
    public static Optional<SignalKind> of(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
