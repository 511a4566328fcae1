package io.plantproof.forms;

import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.IndicatorId;

/**
 * Which indicator and which of its measures fill a form field; {@code input} names an input of
 * the current period when the field is one of the formula's operands (e.g. the numerator of a rate).
 */
public record FigureSource(IndicatorId indicator, Measure measure, String input) {

    /** A number derived from an indicator, with the wording the data appendix uses for it. */
    public enum Measure {
        CURRENT("current", "建设后（当前期）值", io.plantproof.rules.Measure.CURRENT),
        BASELINE("baseline", "建设前（基期）值", io.plantproof.rules.Measure.BASELINE),
        CHANGE_PERCENT("change_percent", "相对提升率 =（后−前）/|前|×100", io.plantproof.rules.Measure.CHANGE_PERCENT),
        REDUCTION_PERCENT("reduction_percent", "相对降低率 =（前−后）/|前|×100", io.plantproof.rules.Measure.REDUCTION_PERCENT),
        REDUCTION_POINTS("reduction_points", "降低百分点 = 前−后", null),
        CURRENT_INPUT("input", "当前期公式输入项", null);

        private final String id;
        private final String chinese;
        /** The rule measure computing the same number, so forms and rules cannot disagree on it; null if none. */
        private final io.plantproof.rules.Measure rule;

        Measure(String id, String chinese, io.plantproof.rules.Measure rule) {
            this.id = id;
            this.chinese = chinese;
            this.rule = rule;
        }

        /** The measure's part of a field id, e.g. {@code defect_rate.reduction_points}. */
        public String id() {
            return id;
        }

        public String chinese() {
            return chinese;
        }

        /** The measure's number for an indicator; reductions are positive for a drop. */
        public Double of(Indicator i) {
            return switch (this) {
                case REDUCTION_POINTS -> i.changePoints() == null ? null : -i.changePoints();
                case CURRENT_INPUT -> throw new IllegalArgumentException("a formula input is read by its name, not as a measure");
                default -> rule.of(i);
            };
        }
    }
}
