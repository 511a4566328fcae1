package io.plantproof.rules;

import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.IndicatorId;
import io.plantproof.metrics.MetricReport;
import io.plantproof.rules.RuleResult.Outcome;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies a rule set to a metric report, each rule to the {@link Measure} of its indicator with its {@link Operator}.
 */
public final class RuleEngine {

    /**
     * Ratios such as 1.21 / 1.1 land a few ulps off the percentage an applicant computes by hand
     * (9.999999999999988 for 10 %); a tolerance far below the two decimals the forms show keeps a
     * limit reached exactly on the side the notice puts it.
     */
    private static final double TOLERANCE = 1e-9;

    private RuleEngine() {
    }

    public static List<RuleResult> apply(RuleSet rules, MetricReport report) {
        List<RuleResult> out = new ArrayList<>();
        for (RuleSet.Condition c : rules.conditions()) {
            out.add(condition(RuleKind.CONDITION, c, report));
        }
        for (RuleSet.Tier t : rules.tiers()) {
            Double measured = measure(report, t.indicator(), t.measure());
            if (measured == null) {
                out.add(new RuleResult(t.id(), RuleKind.TIER, t.title(), t.indicator(), t.measure(), null, null, Outcome.UNKNOWN,
                        null, "no value for " + t.indicator()));
                continue;
            }
            String reached = null;
            Double bound = null;
            for (RuleSet.Level level : t.levels()) {
                if (operator(t.op()).passes(measured, level.min(), TOLERANCE)) {
                    reached = level.label();
                    bound = level.min();
                }
            }
            out.add(new RuleResult(t.id(), RuleKind.TIER, t.title(), t.indicator(), t.measure(), measured, bound,
                    reached == null ? Outcome.FAIL : Outcome.PASS, reached, reached == null ? "低于最低档" : null));
        }
        for (RuleSet.ChecklistItem item : rules.checklist()) {
            if (item.suggestWhen() == null) {
                out.add(new RuleResult(item.id(), RuleKind.CHECKLIST, item.title(), null, null, null, null, Outcome.DECLARED,
                        null, "由企业提供佐证材料"));
            } else {
                RuleResult r = condition(RuleKind.CHECKLIST, item.suggestWhen(), report);
                out.add(new RuleResult(item.id(), RuleKind.CHECKLIST, item.title(), r.indicator(), r.measure(), r.measured(),
                        r.threshold(), r.outcome() == Outcome.PASS ? Outcome.SUGGESTED : Outcome.DECLARED, null,
                        r.outcome() == Outcome.PASS ? "数据支持：" + item.suggestWhen().title()
                                : "由企业提供佐证材料"));
            }
        }
        return out;
    }

    private static RuleResult condition(RuleKind kind, RuleSet.Condition c, MetricReport report) {
        if (c.indicator() == null) {
            return new RuleResult(c.id(), kind, c.title(), null, null, null, null, Outcome.DECLARED, null,
                    "由企业声明");
        }
        Double measured = measure(report, c.indicator(), c.measure());
        if (measured == null) {
            Indicator i = report.indicator(c.indicator());
            return new RuleResult(c.id(), kind, c.title(), c.indicator(), measureName(c.measure()), null, c.value(),
                    Outcome.UNKNOWN, null, i.current().note() != null ? i.current().note() : "no value");
        }
        boolean pass = operator(c.op()).passes(measured, c.value(), TOLERANCE);
        return new RuleResult(c.id(), kind, c.title(), c.indicator(), measureName(c.measure()), measured, c.value(),
                pass ? Outcome.PASS : Outcome.FAIL, null, null);
    }

    private static Measure measureName(Measure measure) {
        return measure == null ? Measure.CURRENT : measure;
    }

    private static Operator operator(Operator op) {
        return op == null ? Operator.AT_LEAST : op;
    }

    static Double measure(MetricReport report, IndicatorId indicatorId, Measure measure) {
        return measureName(measure).of(report.indicator(indicatorId));
    }
}
