package io.plantproof.metrics;

/**
 * An indicator's stable identity: id (API), Chinese title as in the forms, unit, formula id and version.
 * {@code lowerIsBetter} tells which direction counts as an improvement in before/after comparisons.
 */
public record IndicatorDefinition(IndicatorId id, String title, String unit, String formula, int version,
                                  boolean lowerIsBetter) {

    /** Rates in percent also get their change in percentage points (e.g. 不良率降低百分点). */
    public boolean isPercent() {
        return "%".equals(unit);
    }
}
