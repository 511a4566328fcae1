package io.plantproof.metrics;

import io.plantproof.sample.Provenance;

/**
 * One computed indicator: baseline and current values, the relative change in percent and, for
 * rates, the change in percentage points; provenance is the weakest of both periods' inputs.
 */
public record Indicator(IndicatorId id, String title, String unit, String formula, int version, Status status,
                       PeriodValue baseline, PeriodValue current, Double changePercent, Double changePoints,
                       Provenance provenance) {

    /**
     * Whether the engine produced a number. This engine computes every catalogue indicator, so it
     * never reports NOT_COMPUTED; the value stays readable in statements of bundles built before.
     */
    public enum Status { COMPUTED, NO_DATA, NOT_COMPUTED }

    static Indicator of(IndicatorDefinition d, PeriodValue baseline, PeriodValue current) {
        Double change = null;
        Double points = null;
        if (baseline.value() != null && current.value() != null) {
            if (baseline.value() != 0) {
                change = (current.value() - baseline.value()) / Math.abs(baseline.value()) * 100.0;
            }
            if (d.isPercent()) {
                points = current.value() - baseline.value();
            }
        }
        Status status = current.value() != null || baseline.value() != null ? Status.COMPUTED : Status.NO_DATA;
        return new Indicator(d.id(), d.title(), d.unit(), d.formula(), d.version(), status, baseline, current, change,
                points, Provenance.weakest(baseline.provenance(), current.provenance()));
    }
}
