package io.plantproof.documents;

import io.plantproof.metrics.IndicatorId;
import io.plantproof.rules.Measure;
import io.plantproof.rules.RuleKind;
import io.plantproof.forms.DocumentFigures;
import io.plantproof.forms.Figure;
import io.plantproof.forms.Formats;
import io.plantproof.forms.NumberStyle;
import io.plantproof.metrics.Indicator;
import io.plantproof.profile.ChecklistAnswer;
import io.plantproof.rules.ApplicationType;
import io.plantproof.rules.RuleResult;
import io.plantproof.rules.RuleSet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Part 三 of the 申报书: the 基本条件 against the data, then one section per 评价细则 item in the rule set's
 * order under the notice's headings (（一）…): the boxes as the applicant ticked them, the box the data
 * supports with its figure, formula and comparison in the notice's words, the per-device table where the
 * item is about equipment, the charts, and the files that back it (attachments, declared; bundle files).
 */
final class EvaluationPart {

    /** Items that get a before/after chart: the efficiency and energy items of each rule set. */
    private static final Map<String, String> TREND_CHARTS = Map.of(
            "digital-workshop/8.1-efficiency", "oee", "digital-workshop/8.1-energy", "energy",
            "smart-factory/6.1", "oee", "smart-factory/5.1", "energy");

    private final Docx docx;
    private final DocumentInput in;
    private final Map<String, Figure> figures;
    private final RuleSet rules;
    private final EquipmentTables tables;
    private int charts;

    EvaluationPart(Docx docx, DocumentInput in, Map<String, Figure> figures) {
        this.docx = docx;
        this.in = in;
        this.figures = figures;
        this.rules = RuleSet.forType(in.type());
        this.tables = new EquipmentTables(docx, in, figures);
    }

    void write() {
        String type = in.type().chinese();
        docx.heading("三、" + type + "具体情况");
        docx.small("对照" + type + "认定标准中的评价项目和评价要点详细阐述" + (in.type() == ApplicationType.SMART_FACTORY ? "工厂" : "车间建设")
                + "的具体情况，重点突出" + (in.type() == ApplicationType.SMART_FACTORY ? "智能化" : "数字化")
                + "的具体体现、特色亮点。必要时可用照片、图表等佐证材料，用数据等量化指标细化阐述" + type + "建设的成效。");
        basicConditions();
        String section = null;
        for (RuleSet.Group g : rules.groups()) {
            if (!g.section().equals(section)) {
                section = g.section();
                docx.subheading(section);
            }
            for (RuleSet.ChecklistItem item : rules.checklist()) {
                if (item.group().equals(g.id())) {
                    item(g, item);
                }
            }
        }
    }

    /** The 基本条件 with the figure and judgement of each, in the notice's words. */
    private void basicConditions() {
        docx.subheading("基本条件对照");
        List<List<?>> rows = new ArrayList<>();
        for (RuleResult r : in.ruleResults()) {
            if (r.kind() != RuleKind.CONDITION) {
                continue;
            }
            Object data = r.indicator() == null ? declaredSupport(r) : measured(r);
            Object result = r.indicator() == null ? "由企业声明" : fig(DocumentFigures.ruleId(r, "result"));
            rows.add(List.of(r.id(), r.title(), data, result));
        }
        docx.table(List.of("编号", "基本条件（通知原文）", "数据", "判定"), rows, 9, 10, 52, 20, 18);
        if (rules.checklist().stream().noneMatch(i -> indicators(i).contains(IndicatorId.CNC_RATE))) {
            docx.minorHeading("关键工序（核心装备）数控化率明细");
            tables.cnc();
        }
    }

    /** What the profile declares for a condition without data: the maturity self-assessment. */
    private Object declaredSupport(RuleResult r) {
        return r.title().contains("成熟度") ? List.of("申报：线上成熟度评估值 ", fig("profile.maturity.value")) : "—";
    }

    private void item(RuleSet.Group group, RuleSet.ChecklistItem item) {
        docx.minorHeading(number(item) + "　" + item.title());
        docx.small("评价项目：" + group.id() + "." + group.title() + "；佐证材料要求：" + (item.evidence() == null ? "通知未列明" : item.evidence()));
        RuleResult data = result(item.tier() != null ? item.tier() : item.id());
        Set<Integer> supported = supportedBoxes(data);
        ChecklistAnswer answer = in.profile() == null ? null : in.profile().profile().checklist(in.type()).get(item.id());
        for (int i = 0; i < item.options().size(); i++) {
            boolean ticked = answer != null && answer.ticked() != null && answer.ticked().contains(i + 1);
            docx.line((ticked ? "☑ " : "☐ ") + (i + 1) + ". " + item.options().get(i) + (supported.contains(i + 1) ? "　〔数据支持〕" : ""));
        }
        if (answer == null || answer.ticked() == null) {
            docx.line("企业勾选：" + Formats.missing(in.profile() == null ? "未提供申报资料文件（--profile）"
                    : item.tier() != null ? "企业未勾选，以数据支持的档次为参考" : "申报资料未填写本项"));
        } else if (answer.note() != null && !answer.note().isBlank()) {
            docx.line("企业说明：" + answer.note().strip());
        }
        dataSupport(item, data);
        if (answer != null && answer.ticked() != null && !supported.isEmpty() && !answer.ticked().isEmpty()
                && answer.ticked().stream().noneMatch(supported::contains)) {
            docx.line("注意：企业勾选第" + join(answer.ticked()) + "项，数据支持第" + join(supported) + "项，请核对后再勾选。");
        }
        Set<IndicatorId> indicators = indicators(item);
        if (indicators.contains(IndicatorId.CNC_RATE)) {
            tables.cnc();
        }
        if (indicators.contains(IndicatorId.NETWORKING_RATE) || indicators.contains(IndicatorId.NETWORKED_COUNT)) {
            tables.networking();
            coverageChart();
        }
        if (indicators.contains(IndicatorId.DATA_COLLECTION_RATE)) {
            tables.collection();
        }
        if (indicators.contains(IndicatorId.AUTOMATED_COUNT) || indicators.contains(IndicatorId.AUTOMATION_RATIO)) {
            tables.automated();
        }
        String chart = TREND_CHARTS.get(in.type().id() + "/" + item.id());
        if (chart != null) {
            trendChart(chart);
        }
        evidence(item, indicators);
    }

    /** The box the data reaches (a tier), supports (a suggestion), or both readings of a boundary. */
    private Set<Integer> supportedBoxes(RuleResult r) {
        Set<Integer> out = new LinkedHashSet<>();
        if (r == null) {
            return out;
        }
        if (r.box() != null && (r.outcome() == RuleResult.Outcome.PASS || r.outcome() == RuleResult.Outcome.SUGGESTED)) {
            out.add(r.box());
        }
        if (r.outcome() == RuleResult.Outcome.BOUNDARY) {
            RuleSet.ChecklistItem item = rules.checklist().stream().filter(i -> r.id().equals(i.tier())).findFirst().orElse(null);
            if (item != null) {
                r.readings().forEach(label -> out.add(item.options().indexOf(label) + 1));
            }
        }
        return out;
    }

    private void dataSupport(RuleSet.ChecklistItem item, RuleResult r) {
        if (r == null || r.indicator() == null) {
            docx.small("本项无可由采集数据支撑的勾选，以企业提供的佐证材料为准（申报，DECLARED）。");
            return;
        }
        Indicator i = in.report().indicator(r.indicator());
        String what = r.onRelativeChange() ? i.title() + (r.measure() == Measure.REDUCTION_PERCENT ? " 降低率" : " 提升率") : i.title();
        docx.paragraph("数据：" + what + " ", measured(r), "；判定：", fig(DocumentFigures.ruleId(r, "result")), wording(r));
        if (r.onRelativeChange()) {
            String measure = r.measure() == Measure.REDUCTION_PERCENT ? "（前−后）/|前|×100，下降为正数" : "（后−前）/|前|×100";
            docx.paragraph("按相对变化判定：建设前 ", fig(i.id() + ".baseline"), " ", i.unit(), "，建设后 ", fig(i.id() + ".current"), " ",
                    i.unit(), "；" + (r.measure() == Measure.REDUCTION_PERCENT ? "降低率" : "提升率") + " = " + measure + "。");
        }
        docx.small("公式：" + i.formula() + "，版本 " + i.version() + "；建设后输入：" + ApplicationDocument.inputs(i.id(), i.current())
                + "；数据来源：" + Formats.provenance(i.provenance()));
    }

    /** The comparison in the notice's words: 大于80 (＞ 80), 80以上 (≥ 80) …, or both readings on a boundary. */
    private static String wording(RuleResult r) {
        if (r.outcome() == RuleResult.Outcome.BOUNDARY) {
            return "（" + r.note() + "）";
        }
        if (r.op() == null || r.threshold() == null) {
            return r.note() == null ? "" : "（" + r.note() + "）";
        }
        String limit = io.plantproof.rules.Operator.limit(r.threshold());
        return "（依据：“" + r.op().phrase(limit) + "”，即 " + r.op().symbol() + " " + limit + "）";
    }

    private void coverageChart() {
        double threshold = in.plant().thresholds().onlineCoverage() * 100;
        List<Charts.Bar> bars = in.report().equipment().stream().filter(d -> d.automated())
                .map(d -> new Charts.Bar(d.id(), d.onlineCoverage() * 100)).toList();
        if (bars.isEmpty()) {
            docx.small("没有接入信号的自动化设备，未绘制覆盖率图。");
            return;
        }
        docx.png(Charts.coverage("自动化设备在线覆盖率（建设后期间）", bars, threshold), Charts.WIDTH, Charts.HEIGHT, "chart" + (++charts) + ".png");
        docx.small("图：计划生产时间内有实测数据的小时占比；红色虚线为联网阈值 " + NumberStyle.TWO_DECIMALS.format(threshold) + "%。");
    }

    private void trendChart(String which) {
        boolean oee = which.equals("oee");
        Function<TrendPoint, Double> value = oee ? TrendPoint::oee : TrendPoint::energyIntensity;
        List<Double> before = series(true, value);
        List<Double> after = series(false, value);
        if (before.stream().allMatch(java.util.Objects::isNull) && after.stream().allMatch(java.util.Objects::isNull)) {
            docx.small("无逐日" + (oee ? "设备综合效率" : "单位产值综合能耗") + "数据，未绘制图表。");
            return;
        }
        String title = oee ? "设备综合效率（OEE）逐日对比" : "单位产值综合能耗逐日对比";
        docx.png(Charts.trend(title, oee ? "%" : "吨标煤/万元", new Charts.Series("建设前 " + Formats.period(in.report().baseline()), before),
                new Charts.Series("建设后 " + Formats.period(in.report().current()), after),
                oee ? NumberStyle.ONE_DECIMAL : NumberStyle.FOUR_DECIMALS), Charts.WIDTH, Charts.HEIGHT, "chart" + (++charts) + ".png");
        docx.small("图：" + title + "，按期间第几天对齐；每日数值由同一指标引擎按单日计算。");
    }

    private List<Double> series(boolean baseline, Function<TrendPoint, Double> value) {
        return in.trend().stream().filter(p -> p.baseline() == baseline).map(value).toList();
    }

    /** The item's attachments (declared, with hash, pictures shown) and the bundle files behind its indicators. */
    private void evidence(RuleSet.ChecklistItem item, Set<IndicatorId> indicators) {
        List<Attachments.Attachment> files = in.profile() == null ? List.of() : Attachments.read(in.profile(),
                in.profile().profile().attachments(in.type()).stream().filter(a -> item.id().equals(a.item())).toList());
        if (!files.isEmpty()) {
            docx.small("佐证附件（申报，DECLARED；随证据包提交并记录哈希）：");
            docx.table(Attachments.HEADER, Attachments.rows(files), 8, Attachments.WIDTHS);
            for (Attachments.Attachment a : files) {
                int[] size = a.pictureSize();
                if (size != null) {
                    docx.image(a.bytes(), a.pictureType(), size[0], size[1], a.fileName());
                    docx.small("图：" + a.fileName() + "（企业提供）");
                }
            }
        }
        List<String> bundle = indicators.stream().flatMap(i -> in.evidenceFor(i).stream()).distinct().toList();
        if (!bundle.isEmpty()) {
            docx.small("证据包文件：" + String.join("、", bundle));
        }
    }

    /** The item's number as the notice prints it: 8.1 for each of 8.1's three lines of boxes (ids 8.1-efficiency …). */
    static String number(RuleSet.ChecklistItem item) {
        int dash = item.id().indexOf('-');
        return dash < 0 ? item.id() : item.id().substring(0, dash);
    }

    private static String join(java.util.Collection<Integer> boxes) {
        return String.join("、", boxes.stream().map(String::valueOf).toList());
    }

    /** The indicators an item is judged or suggested by. */
    private Set<IndicatorId> indicators(RuleSet.ChecklistItem item) {
        Set<IndicatorId> out = new LinkedHashSet<>();
        if (item.tier() != null && rules.tier(item.tier()) != null) {
            out.add(rules.tier(item.tier()).indicator());
        }
        item.suggest().forEach(s -> out.add(s.when().indicator()));
        if (item.suggestWhen() != null && item.suggestWhen().indicator() != null) {
            out.add(item.suggestWhen().indicator());
        }
        return out;
    }

    private RuleResult result(String id) {
        return in.ruleResults().stream().filter(r -> r.id().equals(id) && r.kind() != RuleKind.CONDITION).findFirst().orElse(null);
    }

    /** The measured figure with its unit, or the "—（reason）" alone. */
    private Object measured(RuleResult r) {
        Figure f = fig(DocumentFigures.ruleId(r, "measured"));
        return f.filled() ? List.of(f, unit(r)) : f;
    }

    private String unit(RuleResult r) {
        String unit = in.report().indicator(r.indicator()).unit();
        return r.onRelativeChange() || unit.equals("%") ? "%" : " " + unit;
    }

    private Figure fig(String id) {
        Figure f = figures.get(id);
        if (f == null) {
            throw new IllegalStateException("no figure " + id);
        }
        return f;
    }
}
