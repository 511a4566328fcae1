package io.plantproof.documents;

import io.plantproof.metrics.IndicatorId;

/**
 * Which indicator and which of its measures fill a form field; {@code input} names an input of
 * the current period when the field is one of the formula's operands (e.g. the numerator of a rate).
 */
public record FigureSource(IndicatorId indicator, Measure measure, String input) {

    /** A number derived from an indicator, with the wording the data appendix uses for it. */
    public enum Measure {
        CURRENT("建设后（当前期）值"),
        BASELINE("建设前（基期）值"),
        CHANGE_PERCENT("相对提升率 =（后−前）/|前|×100"),
        REDUCTION_PERCENT("相对降低率 =（前−后）/|前|×100"),
        REDUCTION_POINTS("降低百分点 = 前−后"),
        CURRENT_INPUT("当前期公式输入项");

        private final String chinese;

        Measure(String chinese) {
            this.chinese = chinese;
        }

        public String chinese() {
            return chinese;
        }
    }
}
