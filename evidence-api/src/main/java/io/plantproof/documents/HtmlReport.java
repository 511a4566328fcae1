package io.plantproof.documents;

import io.plantproof.forms.DocumentFigures;
import io.plantproof.forms.Figure;
import io.plantproof.forms.FigureSection;
import io.plantproof.forms.Formats;
import io.plantproof.forms.NumberStyle;
import io.plantproof.forms.RuleWords;
import io.plantproof.metrics.EquipmentDetail;
import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.IndicatorId;
import io.plantproof.metrics.MetricReport;
import io.plantproof.plant.Workshop;
import io.plantproof.rules.Measure;
import io.plantproof.rules.RuleKind;
import io.plantproof.rules.RuleResult;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one-file HTML report: inline CSS and SVG only (no script, font or link), with the 申请表 values,
 * before/after bars, daily OEE and energy intensity by workshop, per-device networking and the rule results.
 * Each figure's element carries {@code data-field} with its field id, which the bundle verifier checks.
 */
final class HtmlReport {

    private static final String CSS = """
            body{font-family:"SimSun","宋体","Noto Serif CJK SC","Noto Sans CJK SC","Source Han Serif SC",serif;margin:24px;color:#222}
            h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}
            table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border:1px solid #bbb;padding:3px 8px;text-align:left}
            td.num{text-align:right}.PASS{background:#e6f4e6}.FAIL{background:#fbe3e3}.UNKNOWN{background:#fff5d6}
            .SUGGESTED{background:#e3eefb}svg text{font-size:11px}p.note{color:#555;font-size:13px}
            """;

    private final DocumentInput in;
    private final MetricReport report;
    private final Map<String, Figure> figures;
    private final StringBuilder html = new StringBuilder();

    private HtmlReport(DocumentInput in, Map<String, Figure> figures) {
        this.in = in;
        this.report = in.report();
        this.figures = figures;
    }

    static String render(DocumentInput in, List<FigureSection> sections, Map<String, Figure> figures) {
        return new HtmlReport(in, figures).page(sections);
    }

    private String page(List<FigureSection> sections) {
        String name = in.plant().enterprise() == null ? "" : in.plant().enterprise().name();
        String heading = name + " " + in.type().chinese() + "申报数据报告";
        html.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"/><title>").append(Html.escape(heading))
                .append("</title><style>").append(CSS).append("</style></head><body>");
        html.append("<h1>").append(Html.escape(heading)).append("</h1>");
        note("建设前（基期）" + Formats.period(report.baseline()) + "；建设后（当前期）" + Formats.period(report.current())
                + "；范围：" + String.join("、", in.scopeWorkshops().stream().map(Workshop::name).toList()));
        formFields(sections);
        beforeAfter();
        daily();
        networking();
        rules();
        return html.append("</body></html>").toString();
    }

    private void formFields(List<FigureSection> sections) {
        html.append("<h2>申请表数值</h2>");
        for (FigureSection s : sections) {
            html.append("<h3>").append(Html.escape(s.title())).append("</h3><table><tr><th>字段</th><th>填报值</th><th>数据来源</th></tr>");
            for (Figure f : s.figures()) {
                html.append("<tr><td>").append(Html.escape(f.label())).append("</td>").append(cell(f))
                        .append("<td>").append(Html.escape(f.origin())).append("</td></tr>");
            }
            html.append("</table>");
        }
    }

    private void beforeAfter() {
        html.append("<h2>建设前后对比</h2>");
        List<Svg.Pair> pairs = report.indicators().stream()
                .filter(i -> i.baseline().value() != null && i.current().value() != null)
                .map(i -> new Svg.Pair(i.title() + "（" + i.unit() + "）", i.baseline().value(), i.current().value(),
                        threshold(i.id()), NumberStyle.forUnit(i.unit())))
                .toList();
        if (pairs.isEmpty()) {
            note("没有同时具有建设前和建设后数值的指标。");
        } else {
            html.append(Svg.pairs(pairs));
            note("灰色：建设前；蓝色：建设后；红色虚线：规则阈值（基本条件中对建设后数值的要求）。");
        }
        html.append("<table><tr><th>指标</th><th>名称</th><th>单位</th><th>建设前</th><th>建设后</th><th>提升率（%）</th>"
                + "<th>降低百分点</th><th>来源</th><th>公式（版本）</th></tr>");
        for (Indicator i : report.indicators()) {
            NumberStyle style = NumberStyle.forUnit(i.unit());
            html.append("<tr><td>").append(Html.escape(i.id().id())).append("</td><td>").append(Html.escape(i.title()))
                    .append("</td><td>").append(Html.escape(i.unit())).append("</td>")
                    .append(cell(figures.get(i.id() + ".baseline"))).append(cell(figures.get(i.id() + ".current")))
                    .append(cell(figures.get(i.id() + ".change_percent")))
                    .append(figures.containsKey(i.id() + ".reduction_points") ? cell(figures.get(i.id() + ".reduction_points"))
                            : numberCell(null, NumberStyle.TWO_DECIMALS))
                    .append("<td>").append(Formats.provenance(i.provenance(), true)).append("</td><td>")
                    .append(Html.escape(i.formula() + " (v" + i.version() + ")")).append("</td></tr>");
        }
        html.append("</table>");
    }

    private void daily() {
        html.append("<h2>逐日趋势（按车间）</h2>");
        if (in.daily().isEmpty()) {
            note("未提供逐日数据。");
            return;
        }
        chart("设备综合效率 OEE", "%", DailyPoint::oee, NumberStyle.TWO_DECIMALS);
        chart("单位产值综合能耗", "tce/万元", DailyPoint::energyIntensity, NumberStyle.FOUR_DECIMALS);
    }

    private void chart(String title, String unit, Function<DailyPoint, Double> value, NumberStyle style) {
        Map<String, String> names = new LinkedHashMap<>();
        in.plant().workshops().forEach(w -> names.put(w.id(), w.name()));
        Map<String, List<Svg.DayValue>> series = new LinkedHashMap<>();
        for (DailyPoint p : in.daily()) {
            Double v = value.apply(p);
            if (v != null) {
                series.computeIfAbsent(names.getOrDefault(p.workshop(), p.workshop()), k -> new java.util.ArrayList<>())
                        .add(new Svg.DayValue(p.day(), v));
            }
        }
        html.append("<h3>").append(Html.escape(title)).append("</h3>");
        if (series.isEmpty()) {
            note("逐日数据中没有" + title + "。");
        } else {
            html.append(Svg.lines(unit, series, style));
        }
    }

    private void networking() {
        double threshold = in.plant().thresholds().onlineCoverage() * 100;
        html.append("<h2>设备联网覆盖率（建设后期间）</h2>");
        List<Svg.Bar> bars = report.equipment().stream().map(d -> new Svg.Bar(d.id(), d.onlineCoverage() * 100)).toList();
        if (bars.isEmpty()) {
            note("没有接入信号的设备。");
            return;
        }
        html.append(Svg.coverage(bars, threshold));
        note("计划生产时间内有数据的小时占比；达到阈值 " + NumberStyle.TWO_DECIMALS.format(threshold)
                + "% 的自动化设备计为联网。");
        html.append("<table><tr><th>设备</th><th>车间</th><th>自动化</th><th>在线覆盖率（%）</th><th>联网</th><th>信号时段覆盖率（%）</th><th>OEE（%）</th></tr>");
        for (EquipmentDetail d : report.equipment()) {
            Double oee = d.oee() == null ? null : d.oee().oee();
            StringBuilder signals = new StringBuilder();
            d.signalCoverage().forEach((k, v) -> signals.append(EquipmentTables.signalName(k)).append(' ').append(NumberStyle.TWO_DECIMALS.format(v * 100)).append("  "));
            html.append("<tr><td>").append(Html.escape(d.id())).append("</td><td>").append(Html.escape(d.workshop()))
                    .append("</td><td>").append(d.automated() ? "是" : "否").append("</td>")
                    .append(cell(figures.get("device." + d.id() + ".coverage"))).append("<td>")
                    .append(d.online() ? "是" : "否").append("</td><td>").append(Html.escape(signals.toString().trim()))
                    .append("</td>").append(numberCell(oee == null ? null : oee * 100, NumberStyle.TWO_DECIMALS)).append("</tr>");
        }
        html.append("</table>");
    }

    private void rules() {
        html.append("<h2>规则结果</h2>");
        if (in.ruleResults().isEmpty()) {
            note("未提供规则结果。");
            return;
        }
        html.append("<table><tr><th>编号</th><th>类型</th><th>条件（通知原文）</th><th>指标</th><th>数值</th><th>依据</th><th>结果</th><th>判定</th><th>说明</th></tr>");
        for (RuleResult r : in.ruleResults()) {
            String kind = switch (r.kind()) {
                case CONDITION -> "基本条件";
                case TIER -> "评价细则分档";
                default -> "评价细则";
            };
            boolean data = r.indicator() != null;
            html.append("<tr class=\"").append(r.outcome().name()).append("\"><td>").append(Html.escape(r.id()))
                    .append("</td><td>").append(kind).append("</td><td>").append(Html.escape(r.title()
                            + (r.onRelativeChange() ? "（按相对变化判定）" : "")))
                    .append("</td><td>").append(Html.escape(data ? r.indicator().id() : ""))
                    .append("</td>").append(data ? cell(figures.get(DocumentFigures.ruleId(r, "measured"))) : numberCell(null, NumberStyle.TWO_DECIMALS))
                    .append("<td>").append(Html.escape(r.op() == null || r.threshold() == null ? ""
                            : r.op().phrase(io.plantproof.rules.Operator.limit(r.threshold())) + "（" + r.op().symbol() + "）"))
                    .append("</td><td>").append(r.outcome().name()).append("</td>")
                    .append(data ? cell(figures.get(DocumentFigures.ruleId(r, "result"))) : "<td>" + Html.escape(RuleWords.result(r)) + "</td>")
                    .append("<td>").append(Html.escape(r.note())).append("</td></tr>");
        }
        html.append("</table>");
    }

    /** The bound of the first condition on the indicator's current value, drawn on its bar. */
    private Double threshold(IndicatorId indicator) {
        return in.ruleResults().stream()
                .filter(r -> r.kind() == RuleKind.CONDITION && r.indicator() == indicator && r.measure() == Measure.CURRENT)
                .map(RuleResult::threshold).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private void note(String text) {
        html.append("<p class=\"note\">").append(Html.escape(text)).append("</p>");
    }

    /** A figure's cell, tagged with its field id for the verifier. */
    private static String cell(Figure f) {
        return "<td class=\"num\" data-field=\"" + Html.escape(f.id()) + "\">" + Html.escape(f.text()) + "</td>";
    }

    private static String numberCell(Double v, NumberStyle style) {
        return "<td class=\"num\">" + (v == null ? Formats.NO_VALUE : style.format(v)) + "</td>";
    }
}
