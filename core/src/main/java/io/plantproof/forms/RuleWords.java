package io.plantproof.forms;

import io.plantproof.rules.RuleKind;
import io.plantproof.rules.Operator;
import io.plantproof.rules.RuleResult;

/**
 * A rule result in the notice's words, as documents print it: the comparison (85.00 大于 80, 80以上), the box
 * reached, or the value on a boundary with both readings.
 */
public final class RuleWords {

    private RuleWords() {
    }

    /** The outcome: 符合 / 不符合 for a condition, the box reached for a tier, the box data supports for an item. */
    public static String result(RuleResult r) {
        return switch (r.outcome()) {
            case PASS -> r.tier() != null ? "达到“" + r.tier() + "”" : "符合";
            case FAIL -> r.kind() == RuleKind.TIER ? "低于最低档" : "不符合";
            case BOUNDARY -> "恰在边界：" + String.join("，或", r.readings().stream().map(t -> "“" + t + "”").toList());
            case UNKNOWN -> "无法判定（无数值）";
            case DECLARED -> r.kind() == RuleKind.CONDITION ? "由企业声明" : "由企业提供佐证材料";
            case SUGGESTED -> "数据支持第" + r.box() + "项";
        };
    }

    /** The comparison that decided it in the notice's words, e.g. {@code 85.00 大于 80}; empty without a number. */
    public static String comparison(RuleResult r, NumberStyle style) {
        if (r.measured() == null || r.threshold() == null) {
            return "";
        }
        if (r.outcome() == RuleResult.Outcome.BOUNDARY) {
            return style.format(r.measured()) + " 恰为边界值";
        }
        Operator op = r.op() == null ? Operator.AT_LEAST : r.op();
        String limit = Operator.limit(r.threshold());
        boolean holds = op.holds(r.measured(), r.threshold());
        return style.format(r.measured()) + "，" + (holds ? "" : "未") + "达 “" + op.phrase(limit) + "”（" + op.symbol() + " " + limit + "）";
    }
}
