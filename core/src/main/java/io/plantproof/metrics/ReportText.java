package io.plantproof.metrics;

import io.plantproof.rules.RuleResult;

import java.util.List;
import java.util.Locale;

/**
 * The readable table of indicators and rule results printed by {@code metrics} and kept in bundles
 * as summary.txt: value, unit, provenance, threshold, pass/fail and tier.
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
            String change = i.changePoints() != null ? String.format(Locale.ROOT, "%+.2f pp", i.changePoints())
                    : i.changePercent() != null ? String.format(Locale.ROOT, "%+.1f%%", i.changePercent()) : "";
            out.append(String.format(Locale.ROOT, "%-24s %14s %14s %10s %-10s %-9s %s%s%n", i.id(), number(i.baseline().value()),
                    number(i.current().value()), change, i.unit(), i.provenance() == null ? "-" : i.provenance(), i.title(),
                    i.status() == Indicator.Status.NOT_COMPUTED ? "  [not computed: " + i.current().note() + "]" : ""));
        }
        out.append("\nrules\n");
        for (RuleResult r : rules) {
            String threshold = r.threshold() == null ? "" : ">= " + number(r.threshold());
            out.append(String.format(Locale.ROOT, "%-10s %-15s %-9s %10s %-10s %s%s%n", r.outcome(), r.id(), r.kind(),
                    number(r.measured()), threshold, r.title(),
                    (r.tier() != null ? "  → " + r.tier() : "") + (r.note() != null && r.outcome() != RuleResult.Outcome.DECLARED ? "  (" + r.note() + ")" : "")));
        }
        return out.toString();
    }

    private static String number(Double v) {
        if (v == null) {
            return "—";
        }
        return Math.abs(v) >= 1000 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }
}
