package io.plantproof.documents;

import io.plantproof.metrics.IndicatorId;
import io.plantproof.forms.Figure;
import io.plantproof.forms.FigureSection;
import io.plantproof.forms.FigureSource;
import io.plantproof.forms.Formats;
import io.plantproof.forms.NumberStyle;
import io.plantproof.metrics.EquipmentDetail;
import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.PeriodValue;
import io.plantproof.plant.Equipment;
import io.plantproof.profile.ApplicationProfile;
import io.plantproof.profile.Narrative;
import io.plantproof.profile.Project;
import io.plantproof.rules.ApplicationType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The 申报书 of one application type as DOCX, in the five parts of the notice's template (附件2/附件3) and
 * their wording: 一 申请表 (every field filled or with its reason), 二 情况概述 and 四 下一步计划 as skeletons
 * with the data highlights filled in and the prose marked for the applicant, 三 one section per 评价细则 item
 * ({@link EvaluationPart}), 五 附件 with 表1–表4; then a 数据说明 appendix tracing each computed figure.
 * Every figure is a content control tagged with its field id, which the bundle verifier checks.
 */
final class ApplicationDocument {

    private final DocumentInput in;
    private final MetricReport report;
    private final Map<String, Figure> figures;
    private final ApplicationProfile profile;
    private final String type;
    private final Docx docx = new Docx();

    private ApplicationDocument(DocumentInput in, Map<String, Figure> figures) {
        this.in = in;
        this.report = in.report();
        this.figures = figures;
        this.profile = in.profile() == null ? null : in.profile().profile();
        this.type = in.type().chinese();
    }

    static byte[] write(DocumentInput in, List<FigureSection> form, Map<String, Figure> figures) {
        return new ApplicationDocument(in, figures).render(form);
    }

    private byte[] render(List<FigureSection> form) {
        cover();
        docx.pageBreak();
        applicationForm(form);
        docx.pageBreak();
        overview();
        docx.pageBreak();
        new EvaluationPart(docx, in, figures).write();
        docx.pageBreak();
        plan();
        docx.pageBreak();
        annexes();
        docx.pageBreak();
        appendix(form);
        return docx.bytes();
    }

    private void cover() {
        docx.title("绍兴市" + type + "申报书");
        Project project = profile == null ? null : profile.project(in.type());
        docx.paragraph((in.type() == ApplicationType.SMART_FACTORY ? "工厂名称：" : "车间名称："),
                fig("profile." + section() + ".project.name"));
        docx.paragraph("申报企业（盖章）：", fig("plant.enterprise.name"));
        docx.paragraph("联系人及手机号码：", fig("profile.enterprise.contact.name"), "　", fig("profile.enterprise.contact.mobile"));
        docx.line("申报日期：" + Formats.missing("盖章时填写"));
        docx.line("建设前（基期）：" + Formats.period(report.baseline()) + "；建设后（当前期）：" + Formats.period(report.current())
                + "；数据截至 " + Formats.date(asOfDay()));
        if (project == null) {
            docx.small("未提供申报资料文件：申请表中由企业填写的栏目均注明原因，请补充 profile.yml 后重新生成（见 docs/profile.md）。");
        }
        docx.line("绍兴市经济和信息化局制");
    }

    /** 一: each section of the form as a table of field, value and 数据来源. */
    private void applicationForm(List<FigureSection> form) {
        docx.heading("一、" + type + "申请表");
        for (FigureSection s : form) {
            docx.subheading(s.title());
            docx.table(List.of("栏目", "填报内容", "数据来源"),
                    s.figures().stream().map(f -> List.<Object>of(f.label(), f, f.origin())).toList(), 10, 34, 45, 21);
        }
        docx.small("数据来源：实测（MEASURED）为设备遥测，导入（IMPORTED）为 ERP/MES 导出文件，申报（DECLARED）为设备台账或申报资料；"
                + "计算方法与依据见文末“数据说明”。");
    }

    /** 二: the notice's points as headings, the applicant's prose where given, the data highlights filled in. */
    private void overview() {
        docx.heading("二、" + type + "情况概述");
        docx.small(in.type() == ApplicationType.SMART_FACTORY
                ? "简要阐述企业智能工厂建设的背景条件、总体规划、建设进展、集成协同情况，在此过程中采取的特色做法、衍生的新模式、形成的新经验，"
                + "以及智能工厂建成后新增的经济和社会效益（营业收入、利润、税金、产业链上下游带动等）。"
                : "简要阐述企业数字化车间建设的背景条件、总体规划、建设进展、集成协同情况，在此过程中采取的特色做法、衍生的新模式、形成的新经验，"
                + "以及数字化车间建成后新增的经济和社会效益（减员、增效、降耗等）。");
        Narrative n = profile == null ? null : profile.narrative(in.type());
        point("（一）背景条件", n == null ? null : n.background());
        point("（二）总体规划", n == null ? null : n.planning());
        point("（三）建设进展", n == null ? null : n.progress());
        docx.paragraph("数据要点：累计完成投资 ", investment(), " 万元；关键工序数控化率 ", fig("cnc_rate.current"), "%；设备联网率 ",
                fig("networking_rate.current"), "%；关键设备数据采集率 ", fig("data_collection_rate.current"), "%。");
        point("（四）集成协同情况", n == null ? null : n.integration());
        point("（五）特色做法、新模式、新经验", n == null ? null : n.practices());
        point("（六）经济和社会效益", n == null ? null : n.benefits());
        docx.paragraph("数据要点（建设后对比建设前）：产值提升 ", fig("output_value.change_percent"), "%；全员劳动生产率提升 ",
                fig("labor_productivity.change_percent"), "%；产品不良品率降低 ", fig("defect_rate.reduction_points"), " 个百分点（相对降低 ",
                fig("defect_rate.reduction_percent"), "%）；单位产值综合能耗降低 ", fig("energy_intensity.reduction_percent"),
                "%；设备综合效率（OEE）由 ", fig("oee.baseline"), "% 变为 ", fig("oee.current"), "%。");
        if (in.type() == ApplicationType.SMART_FACTORY) {
            docx.paragraph("申报资料中的经营数据：主营业务收入 2023年 ", fig("profile.economics.2023.revenue"), " 万元、2025年 ",
                    fig("profile.economics.2025.revenue"), " 万元；利润 2023年 ", fig("profile.economics.2023.profit"), " 万元、2025年 ",
                    fig("profile.economics.2025.profit"), " 万元；税金 2023年 ", fig("profile.economics.2023.tax"), " 万元、2025年 ",
                    fig("profile.economics.2025.tax"), " 万元。");
        }
    }

    /** 四: goals, content, investment, completion and measures, with where the data stands today. */
    private void plan() {
        docx.heading("四、下一步智能制造实施计划");
        docx.small("简要阐述企业在现有基础上，适应5G、工业互联网、人工智能等新一代信息技术与制造业深度融合，进一步实施智能制造计划，"
                + "包括预期目标和建设内容、投资、完成时间和推进举措等。");
        Narrative.Plan plan = profile == null || profile.narrative(in.type()) == null ? null : profile.narrative(in.type()).plan();
        point("（一）预期目标", plan == null ? null : plan.goals());
        docx.paragraph("现状（数据）：关键工序数控化率 ", fig("cnc_rate.current"), "%，设备联网率 ", fig("networking_rate.current"),
                "%，关键设备数据采集率 ", fig("data_collection_rate.current"), "%，设备综合效率 ", fig("oee.current"), "%。");
        point("（二）建设内容", plan == null ? null : plan.content());
        point("（三）投资（万元）", plan == null || plan.investment() == null ? null : NumberStyle.TWO_DECIMALS.format(plan.investment()));
        point("（四）完成时间", plan == null || plan.completion() == null ? null
                : plan.completion().getYear() + "年" + plan.completion().getMonthValue() + "月");
        point("（五）推进举措", plan == null ? null : plan.measures());
    }

    private void point(String heading, String text) {
        docx.subheading(heading);
        if (text == null || text.isBlank()) {
            docx.placeholder("请按通知要求撰写本部分。");
        } else {
            text.strip().lines().forEach(docx::line);
        }
    }

    /** 五: licence and filing, 表1, and for a smart factory 表2–表4. */
    private void annexes() {
        docx.heading("五、相关附件及佐证材料");
        boolean factory = in.type() == ApplicationType.SMART_FACTORY;
        docx.subheading(factory ? "（一）企业营业执照复印件、项目备案表" : "企业营业执照复印件、项目备案表");
        List<Attachments.Attachment> files = in.profile() == null ? List.of() : Attachments.read(in.profile(),
                profile.attachments(in.type()).stream().filter(a -> a.item() == null).toList());
        if (files.isEmpty()) {
            docx.line(Formats.missing("申报资料未附营业执照、项目备案表，请随申报材料提交"));
        } else {
            docx.table(Attachments.HEADER, Attachments.rows(files), 8, Attachments.WIDTHS);
        }
        docx.subheading(factory ? "（二）项目购置的主要智能装备和信息化软硬件清单（表1）" : "车间购置的主要智能装备和信息化软硬件清单（表1）");
        table1();
        if (factory) {
            new ProfileTables(docx, profile).write();
        }
    }

    private void table1() {
        Table1 t = Table1.of(in);
        docx.line(t.title());
        List<List<?>> rows = new ArrayList<>();
        for (Table1.Group g : t.groups()) {
            rows.add(List.of(Table1.heading(g.category()), "", "", "", "", money(g.subtotal()), "小计"));
            int n = 1;
            for (InvestmentLine l : g.lines()) {
                rows.add(List.of(String.valueOf(n++), l.name(), text(l.supplier()), plain(l.quantity()),
                        money(l.unitPriceWan()), money(l.totalWan()), l.remark() == null ? "" : l.remark()));
            }
        }
        rows.add(List.of(Table1.TOTAL_LABEL, "", "", "", "", money(t.total()), ""));
        docx.table(Table1.HEADER, rows, 9, 12, 24, 16, 8, 11, 11, 18);
        if (in.investments().isEmpty()) {
            docx.small("表1 暂无明细：投资清单尚未导入。");
        }
    }

    /** 附: per computed figure of the form, indicator, formula, periods, inputs, provenance and bundle files. */
    private void appendix(List<FigureSection> form) {
        docx.heading("附：数据说明");
        docx.line("以下逐项说明申请表中由数据计算或汇总的数值：指标与公式（编号、版本）、计算期间、公式输入、数据来源等级"
                + "（实测 MEASURED / 导入 IMPORTED / 申报 DECLARED，取各输入中最弱者）及证据包中支撑该数值的文件。"
                + "建设前（基期）" + Formats.period(report.baseline()) + "，建设后（当前期）" + Formats.period(report.current())
                + "，数据截至 " + Formats.date(asOfDay()) + "。");
        for (FigureSection s : form) {
            for (Figure f : s.figures()) {
                if (f.source() != null) {
                    explain(f);
                } else if (f.value() != null && f.note() != null && !f.id().startsWith("profile.")) {
                    docx.subheading(f.label() + "：" + f.text());
                    docx.small("说明：" + f.note());
                }
            }
        }
        allFigures();
    }

    private void explain(Figure f) {
        FigureSource src = f.source();
        Indicator i = report.indicator(src.indicator());
        docx.subheading(f.label() + "：" + f.text());
        docx.small("指标：" + i.id() + "（" + i.title() + "，单位 " + i.unit() + "）；取值：" + src.measure().chinese()
                + (src.input() == null ? "" : " " + src.input()));
        docx.small("公式：" + i.formula() + "，版本 " + i.version());
        docx.small("期间：建设前 " + Formats.period(report.baseline()) + "；建设后 " + Formats.period(report.current()));
        docx.small("输入（建设前）：" + inputs(i.id(), i.baseline()));
        docx.small("输入（建设后）：" + inputs(i.id(), i.current()));
        docx.small("数据来源：" + Formats.provenance(i.provenance()));
        List<String> files = in.evidenceFor(i.id());
        docx.small("证据文件：" + (files.isEmpty() ? Formats.missing("未给出证据包文件") : String.join("、", files)));
    }

    /**
     * Every figure the verifier recomputes that the parts above do not print: all indicators of both periods, each
     * device's register flags and telemetry figures, the counts behind the equipment rates. The 申报书 thus carries
     * every figure, each tagged, so none can be edited or dropped without the verifier noticing.
     */
    private void allFigures() {
        docx.subheading("指标一览（建设前后）");
        List<List<?>> rows = new ArrayList<>();
        for (Indicator i : report.indicators()) {
            rows.add(List.of(i.title(), i.unit(), optional(i.id() + ".baseline"), optional(i.id() + ".current"),
                    optional(i.id() + ".change_percent"), optional(i.id() + ".reduction_percent"), optional(i.id() + ".reduction_points"),
                    Formats.provenance(i.provenance(), true)));
        }
        docx.table(List.of("指标", "单位", "建设前", "建设后", "提升率（%）", "降低率（%）", "降低百分点", "来源"), rows, 8,
                22, 9, 12, 12, 11, 11, 10, 13);
        docx.small("降低率、降低百分点仅对越低越好的指标（不良率、能耗、成本、人数）列出，下降为正数。");
        docx.subheading("设备明细（建设后期间）");
        List<List<?>> devices = new ArrayList<>();
        for (Equipment e : in.formInput().equipment()) {
            String at = "device." + e.id() + ".";
            List<Object> signals = new ArrayList<>();
            figures.keySet().stream().filter(id -> id.startsWith(at + "signal.")).forEach(id -> {
                signals.add(signals.isEmpty() ? "" : "；");
                signals.add(EquipmentTables.signalName(id.substring((at + "signal.").length())) + " ");
                signals.add(fig(id));
            });
            devices.add(List.of(e.id(), e.name() == null ? "" : e.name(), fig(at + "key"), fig(at + "nc"), fig(at + "automated"),
                    fig(at + "live"), optional(at + "coverage"), optional(at + "networked"), signals.isEmpty() ? "—" : signals,
                    optional(at + "collected"), optional(at + "oee")));
        }
        docx.table(List.of("设备编号", "名称", "关键工序", "数控", "自动化", "遥测在线", "在线覆盖率（%）", "联网", "必需信号时段覆盖率（%）",
                "数据采集", "设备综合效率（%）"), devices, 7, 9, 11, 7, 6, 7, 7, 9, 6, 18, 8, 12);
        docx.small("联网：计划生产时间内有数据的小时占比 ≥ " + NumberStyle.TWO_DECIMALS.format(in.plant().thresholds().onlineCoverage() * 100)
                + "%；数据采集：每个必需信号的时段覆盖率 ≥ " + NumberStyle.TWO_DECIMALS.format(in.plant().thresholds().slotCoverage() * 100) + "%。");
        docx.subheading("设备计数（建设后期间）");
        List<List<?>> counts = new ArrayList<>();
        figures.values().stream().filter(f -> f.id().contains(".input.")).forEach(f -> {
            IndicatorId indicator = IndicatorId.of(f.id().substring(0, f.id().indexOf(".input."))).orElseThrow();
            counts.add(List.of(report.indicator(indicator).title(), InputNames.of(indicator, f.id().substring(f.id().indexOf(".input.") + 7)), f));
        });
        docx.table(List.of("指标", "计数", "台数"), counts, 9, 40, 40, 20);
    }

    /** A figure when the verifier's set has it, else an empty cell (e.g. no reduction for a higher-is-better indicator). */
    private Object optional(String id) {
        return figures.containsKey(id) ? figures.get(id) : "—";
    }

    private Object investment() {
        return figures.containsKey("investment_total.current") && figures.get("investment_total.current").filled()
                || !figures.containsKey(io.plantproof.forms.FormFigures.TABLE1_TOTAL)
                ? fig("investment_total.current") : fig(io.plantproof.forms.FormFigures.TABLE1_TOTAL);
    }

    private String section() {
        return in.type() == ApplicationType.SMART_FACTORY ? "smartFactory" : "digitalWorkshop";
    }

    private Figure fig(String id) {
        Figure f = figures.get(id);
        if (f == null) {
            throw new IllegalStateException("no figure " + id);
        }
        return f;
    }

    private LocalDate asOfDay() {
        return report.asOf() == null ? report.current().to() : LocalDate.ofInstant(report.asOf(), in.plant().zone());
    }

    static String inputs(IndicatorId indicator, PeriodValue v) {
        if (v.inputs().isEmpty()) {
            return Formats.missing(v.note() == null ? "无" : v.note());
        }
        String list = v.inputs().entrySet().stream().map(e -> InputNames.of(indicator, e.getKey()) + " = " + plain(e.getValue()))
                .collect(Collectors.joining("，"));
        return v.note() == null ? list : list + "（" + v.note() + "）";
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? Formats.missing("未填写") : value;
    }

    private static String money(double wan) {
        return NumberStyle.TWO_DECIMALS.format(wan);
    }

    /** An input as written, up to four decimals, without trailing zeros. */
    static String plain(double v) {
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String yes(boolean b) {
        return b ? "是" : "否";
    }
}
