package io.plantproof.rules;

import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.IndicatorId;
import io.plantproof.metrics.MetricReport;
import io.plantproof.rules.RuleResult.Outcome;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies a rule set to a metric report, each rule to the {@link Measure} of its indicator with its {@link Operator}
 * ({@code reductionPercent} is positive for a drop).
 */
public final class RuleEngine {

    private RuleEngine() {
    }

    public static List<RuleResult> apply(RuleSet rules, MetricReport report) {
        List<RuleResult> out = new ArrayList<>();
        for (RuleSet.Condition c : rules.conditions()) {
            out.add(condition(RuleKind.CONDITION, c, report));
        }
        for (RuleSet.Tier t : rules.tiers()) {
            out.add(tier(t, report, rules.version() >= RuleSet.WORDED_VERSION));
        }
        for (RuleSet.ChecklistItem item : rules.checklist()) {
            if (item.tier() == null) {
                out.add(checklist(item, report));
            }
        }
        return out;
    }

    /**
     * The last box whose comparison holds. With {@code worded}, a value on a limit that no box covers is a
     * BOUNDARY result naming the box each reading gives; before, it was a FAIL below the lowest box.
     */
    private static RuleResult tier(RuleSet.Tier t, MetricReport report, boolean worded) {
        Double measured = measure(report, t.indicator(), t.measure());
        if (measured == null) {
            return new RuleResult(t.id(), RuleKind.TIER, t.title(), t.indicator(), t.measure(), null, null, Outcome.UNKNOWN,
                    null, noValue(report, t.indicator()), null, null, null);
        }
        int reached = reached(t, measured, false, false);
        if (reached >= 0) {
            RuleSet.Level level = t.levels().get(reached);
            return new RuleResult(t.id(), RuleKind.TIER, t.title(), t.indicator(), t.measure(), measured, level.bound(),
                    Outcome.PASS, level.label(), null, level.op(t), reached + 1, null);
        }
        RuleSet.Level lowest = t.levels().get(0);
        if (worded && onUncoveredLimit(t, measured)) {
            int up = reached(t, measured, true, false);
            int down = reached(t, measured, false, true);
            List<String> readings = new ArrayList<>();
            StringBuilder note = new StringBuilder("恰在边界 " + Operator.limit(measured) + "：没有一档包含此值");
            if (up >= 0) {
                readings.add(t.levels().get(up).label());
                note.append("；若“").append(t.levels().get(up).op(t).word()).append("”含本数，为“")
                        .append(t.levels().get(up).label()).append("”");
            }
            if (down >= 0 && down != up) {
                readings.add(t.levels().get(down).label());
                note.append("；若“").append(t.levels().get(down).op(t).word()).append("”含本数，为“")
                        .append(t.levels().get(down).label()).append("”");
            }
            if (up < 0 || down < 0) {
                note.append("；否则低于最低档");
            }
            return new RuleResult(t.id(), RuleKind.TIER, t.title(), t.indicator(), t.measure(), measured, measured,
                    Outcome.BOUNDARY, null, note.toString(), null, null, List.copyOf(readings));
        }
        return new RuleResult(t.id(), RuleKind.TIER, t.title(), t.indicator(), t.measure(), measured, null, Outcome.FAIL, null,
                "低于最低档（" + lowest.op(t).phrase(Operator.limit(lowest.bound())) + "）", null, null, null);
    }

    /**
     * Index of the last level that holds; {@code upInclusive} reads 大于 as including its limit,
     * {@code downInclusive} reads 低于 so (the two readings of a value on an uncovered boundary).
     */
    private static int reached(RuleSet.Tier t, double measured, boolean upInclusive, boolean downInclusive) {
        int reached = -1;
        for (int i = 0; i < t.levels().size(); i++) {
            RuleSet.Level level = t.levels().get(i);
            Operator op = level.op(t);
            if (upInclusive && op == Operator.GREATER) {
                op = Operator.AT_LEAST;
            }
            boolean holds = downInclusive && op == Operator.LESS
                    ? measured <= level.bound() + Operator.TOLERANCE : op.holds(measured, level.bound());
            if (holds) {
                reached = i;
            }
        }
        return reached;
    }

    private static boolean onUncoveredLimit(RuleSet.Tier t, double measured) {
        return t.levels().stream().anyMatch(l -> (l.op(t) == Operator.GREATER || l.op(t) == Operator.LESS)
                && Operator.on(measured, l.bound()));
    }

    /** DECLARED unless data backs a box: then SUGGESTED with the highest box whose data condition passes. */
    private static RuleResult checklist(RuleSet.ChecklistItem item, MetricReport report) {
        if (item.suggestWhen() != null) {
            RuleResult r = condition(RuleKind.CHECKLIST, item.suggestWhen(), report);
            boolean backed = r.outcome() == Outcome.PASS;
            return new RuleResult(item.id(), RuleKind.CHECKLIST, item.title(), r.indicator(), r.measure(), r.measured(),
                    r.threshold(), backed ? Outcome.SUGGESTED : Outcome.DECLARED, null,
                    backed ? "数据支持：" + item.suggestWhen().title() : "由企业提供佐证材料", r.op(), null, null);
        }
        RuleSet.Suggestion backing = null;
        RuleResult best = null;
        RuleResult first = null;
        for (RuleSet.Suggestion s : item.suggest()) {
            RuleResult r = condition(RuleKind.CHECKLIST, s.when(), report);
            first = first == null ? r : first;
            if (r.outcome() == Outcome.PASS && (backing == null || s.box() > backing.box())) {
                best = r;
                backing = s;
            }
        }
        if (best == null) {
            return new RuleResult(item.id(), RuleKind.CHECKLIST, item.title(), first == null ? null : first.indicator(),
                    first == null ? null : first.measure(), first == null ? null : first.measured(), null,
                    Outcome.DECLARED, null, "由企业提供佐证材料", null, null, null);
        }
        int box = backing.box();
        return new RuleResult(item.id(), RuleKind.CHECKLIST, item.title(), best.indicator(), best.measure(), best.measured(),
                best.threshold(), Outcome.SUGGESTED, box <= item.options().size() ? item.options().get(box - 1) : null,
                "数据支持第" + box + "项：" + backing.when().title(), best.op(), box, null);
    }

    private static RuleResult condition(RuleKind kind, RuleSet.Condition c, MetricReport report) {
        if (c.indicator() == null) {
            return new RuleResult(c.id(), kind, c.title(), null, null, null, null, Outcome.DECLARED, null,
                    "由企业声明");
        }
        Double measured = measure(report, c.indicator(), c.measure());
        Operator op = c.op() == null ? Operator.AT_LEAST : c.op();
        if (measured == null) {
            return new RuleResult(c.id(), kind, c.title(), c.indicator(), measureName(c.measure()), null, c.value(),
                    Outcome.UNKNOWN, null, noValue(report, c.indicator()), op, null, null);
        }
        boolean pass = op.holds(measured, c.value());
        return new RuleResult(c.id(), kind, c.title(), c.indicator(), measureName(c.measure()), measured, c.value(),
                pass ? Outcome.PASS : Outcome.FAIL, null, null, op, null, null);
    }

    private static String noValue(MetricReport report, IndicatorId indicator) {
        Indicator i = report.indicator(indicator);
        return i.current().note() != null ? i.current().note() : "无数值";
    }

    private static Measure measureName(Measure measure) {
        return measure == null ? Measure.CURRENT : measure;
    }

    static Double measure(MetricReport report, IndicatorId indicatorId, Measure measure) {
        return measureName(measure).of(report.indicator(indicatorId));
    }
}
