package io.plantproof.rules;

import io.plantproof.metrics.IndicatorId;

import java.util.List;

/**
 * The outcome of one condition, tier or 评价细则 item against a metric report. {@code measured} is the
 * number the rule looked at, {@code op} and {@code threshold} the comparison that decided it (for a tier,
 * of the box reached), {@code tier} the box's label and {@code box} its number (1-based, in the notice's
 * order); {@code readings} the two boxes a value on an uncovered boundary falls in under each reading.
 */
public record RuleResult(String id, RuleKind kind, String title, IndicatorId indicator, Measure measure, Double measured,
                         Double threshold, Outcome outcome, String tier, String note, Operator op, Integer box,
                         List<String> readings) {

    public RuleResult(String id, RuleKind kind, String title, IndicatorId indicator, Measure measure, Double measured,
                      Double threshold, Outcome outcome, String tier, String note) {
        this(id, kind, title, indicator, measure, measured, threshold, outcome, tier, note, null, null, null);
    }

    /**
     * PASS/FAIL from data; UNKNOWN when the input has no number; DECLARED for the applicant to answer;
     * SUGGESTED where data backs a tick; BOUNDARY when the value lies exactly on a limit that none of the
     * notice's boxes covers (e.g. 数控化率 80 % between 低于80% and 大于80%).
     */
    public enum Outcome { PASS, FAIL, UNKNOWN, DECLARED, SUGGESTED, BOUNDARY }

    /** Whether the rule was judged on the relative change between the periods, not on a period's value. */
    public boolean onRelativeChange() {
        return measure == Measure.CHANGE_PERCENT || measure == Measure.REDUCTION_PERCENT;
    }
}
