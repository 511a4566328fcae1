package io.plantproof.metrics;

import io.plantproof.rules.Operator;
import io.plantproof.rules.RuleResult;

import java.util.List;
import java.util.Locale;

/**
 * The readable table of indicators and rule results printed by {@code metrics} and kept in bundles
 * as summary.txt: value, unit, provenance, threshold in the notice's words (以上, 大于, 达到, 低于), pass/fail
 * and tier. A change of an indicator where lower is better is written as 降低 with a positive number for a drop.
 */
public final class ReportText {

    private ReportText() {
    }

    public static String render(String title, MetricReport report, List<RuleResult> rules) {
        StringBuilder out = new StringBuilder();
        out.append(title).append('\n')
                .append("scope ").append(report.scope()).append(", baseline ").append(report.baseline())
                .append(", current ").append(report.current()).append(", data as of ").append(report.asOf()).append("\n\n");
        out.append(String.format(Locale.ROOT, "%-24s %14s %14s %10s %-10s %-9s %s%n", "indicator", "baseline", "current",
                "change", "unit", "source", "title"));
        for (Indicator i : report.indicators()) {
            String change = change(i);
            out.append(String.format(Locale.ROOT, "%-24s %14s %14s %10s %-10s %-9s %s%s%n", i.id(), number(i.baseline().value()),
                    number(i.current().value()), change, i.unit(), i.provenance() == null ? "-" : i.provenance(), i.title(),
                    i.status() == Indicator.Status.NOT_COMPUTED ? "  [not computed: " + i.current().note() + "]" : ""));
        }
        out.append("\nrules\n");
        for (RuleResult r : rules) {
            String threshold = r.outcome() == RuleResult.Outcome.BOUNDARY ? "恰在边界"
                    : r.threshold() == null ? "" : (r.op() == null ? Operator.AT_LEAST : r.op()).phrase(Operator.limit(r.threshold()));
            out.append(String.format(Locale.ROOT, "%-10s %-15s %-9s %10s %-10s %s%s%n", r.outcome(), r.id(), r.kind(),
                    number(r.measured()), threshold, r.title() + (r.onRelativeChange() ? "（按相对变化判定）" : ""),
                    (r.tier() != null ? "  → " + r.tier() : "") + (r.note() != null && r.outcome() != RuleResult.Outcome.DECLARED ? "  (" + r.note() + ")" : "")));
        }
        List<String> relative = rules.stream().filter(RuleResult::onRelativeChange).map(RuleResult::id).distinct().toList();
        if (!relative.isEmpty()) {
            out.append("\n按相对变化判定的规则：").append(String.join(", ", relative))
                    .append("（提升率 =（后−前）/|前|×100；降低率 =（前−后）/|前|×100，下降为正数）\n");
        }
        return out.toString();
    }

    /**
     * Percentage points for rates, else the relative change; where lower is better (不良率, 能耗, 成本, 人数)
     * written as 降低 with a positive number for a drop, or 升高 for a rise.
     */
    static String change(Indicator i) {
        IndicatorDefinition d = Catalogue.definition(i.id());
        boolean lowerIsBetter = d != null && d.lowerIsBetter();
        if (i.changePoints() != null) {
            return lowerIsBetter ? direction(-i.changePoints(), "%.2f pp") : String.format(Locale.ROOT, "%+.2f pp", i.changePoints());
        }
        if (i.changePercent() != null) {
            return lowerIsBetter ? direction(-i.changePercent(), "%.1f%%") : String.format(Locale.ROOT, "%+.1f%%", i.changePercent());
        }
        return "";
    }

    private static String direction(double drop, String format) {
        return (drop >= 0 ? "降低 " : "升高 ") + String.format(Locale.ROOT, format, Math.abs(drop) + 0.0);
    }

    private static String number(Double v) {
        if (v == null) {
            return "—";
        }
        return Math.abs(v) >= 1000 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }
}
