package io.plantproof.rules;

import io.plantproof.metrics.IndicatorId;

/**
 * The outcome of one condition, tier or checklist item against a metric report.
 * {@code measured} is the number the rule looked at; {@code tier} the label reached, if any.
 */
public record RuleResult(String id, RuleKind kind, String title, IndicatorId indicator, Measure measure, Double measured,
                         Double threshold, Outcome outcome, String tier, String note) {

    /** PASS/FAIL from data; UNKNOWN when the input has no number; DECLARED for the applicant to answer; SUGGESTED where data backs a tick. */
    public enum Outcome { PASS, FAIL, UNKNOWN, DECLARED, SUGGESTED }
}
