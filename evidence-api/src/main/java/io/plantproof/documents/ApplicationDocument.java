package io.plantproof.documents;

import io.plantproof.metrics.EquipmentDetail;
import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.PeriodValue;
import io.plantproof.plant.Enterprise;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.Workshop;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The 申报书 of one application type as DOCX: cover, 申请表 (enterprise information and the numeric
 * fields), 表1, and a 数据说明 appendix that traces every computed field to formula, inputs and files.
 */
final class ApplicationDocument {

    private static final String ENTERPRISE_FILLS = "由企业填写：不在工厂模型中";
    private static final String NOT_IN_PLANT_FILE = "工厂模型中未填写";

    private final DocumentInput in;
    private final MetricReport report;
    private final Docx docx = new Docx();

    private ApplicationDocument(DocumentInput in) {
        this.in = in;
        this.report = in.report();
    }

    static byte[] write(DocumentInput in, List<FigureSection> sections) {
        return new ApplicationDocument(in).render(sections);
    }

    private byte[] render(List<FigureSection> sections) {
        String type = in.type().chinese();
        docx.title("绍兴市" + type + "申报书");
        cover();
        docx.heading("一、" + type + "申请表");
        enterpriseTable();
        for (FigureSection s : sections) {
            docx.subheading(s.title());
            docx.table(List.of("字段", "填报值", "数据来源"),
                    s.figures().stream().map(f -> List.of(f.label(), f.text(), f.origin())).toList(), 10, 55, 30, 15);
        }
        table1();
        appendix(sections);
        return docx.bytes();
    }

    private void cover() {
        String scopeLabel = in.type() == ApplicationType.SMART_FACTORY ? "工厂名称" : "车间名称";
        String scope = in.type() == ApplicationType.SMART_FACTORY
                ? Formats.missing("由企业填写，以企业简称+主要产品+智能工厂命名")
                : in.scopeWorkshops().stream().map(Workshop::name).collect(Collectors.joining("、"));
        docx.line(scopeLabel + "：" + scope);
        docx.line("申报企业（盖章）：" + text(enterprise().name()));
        docx.line("联系人及手机号码：" + Formats.missing(ENTERPRISE_FILLS));
        docx.line("申报日期：" + Formats.missing("由企业盖章时填写"));
        docx.line("建设前（基期）：" + Formats.period(report.baseline()) + "；建设后（当前期）："
                + Formats.period(report.current()) + "；数据截至 " + Formats.date(asOfDay()));
    }

    private void enterpriseTable() {
        Enterprise e = enterprise();
        docx.subheading("企业基本信息");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("企业名称", text(e.name())));
        rows.add(List.of("所属行业（按国民经济行业分类具体到中类）", text(e.industry())));
        rows.add(List.of("所属地区", text(e.region())));
        rows.add(List.of("统一社会信用代码", text(e.creditCode())));
        rows.add(List.of("成立时间", Formats.missing(ENTERPRISE_FILLS)));
        rows.add(List.of(in.type() == ApplicationType.SMART_FACTORY ? "工厂建设地址" : "详细地址", Formats.missing(ENTERPRISE_FILLS)));
        rows.add(List.of("企业负责人（姓名、职务、手机）", Formats.missing(ENTERPRISE_FILLS)));
        rows.add(List.of("联系人（姓名、电话、职务、手机、传真、E-mail）", Formats.missing(ENTERPRISE_FILLS)));
        docx.table(List.of("字段", "内容"), rows, 10, 45, 55);
    }

    private void table1() {
        Table1 t = Table1.of(in);
        docx.heading(t.title());
        List<List<String>> rows = new ArrayList<>();
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

    private void appendix(List<FigureSection> sections) {
        docx.heading("数据说明");
        docx.line("以下逐项说明申请表中由数据计算或汇总的数值：指标与公式（编号、版本）、计算期间、公式输入、数据来源等级"
                + "（MEASURED 实测 / IMPORTED 导入 / DECLARED 申报，取各输入中最弱者）及证据包中支撑该数值的文件。"
                + "建设前（基期）" + Formats.period(report.baseline()) + "，建设后（当前期）" + Formats.period(report.current())
                + "，数据截至 " + Formats.date(asOfDay()) + "。");
        for (FigureSection s : sections) {
            for (Figure f : s.figures()) {
                if (f.source() != null) {
                    explain(f);
                } else if (f.value() != null) {
                    docx.subheading(f.label() + "：" + f.text());
                    docx.small("说明：" + f.note());
                }
            }
        }
        equipmentDetails();
    }

    private void explain(Figure f) {
        FigureSource src = f.source();
        Indicator i = report.indicator(src.indicator());
        docx.subheading(f.label() + "：" + f.text());
        docx.small("指标：" + i.id() + "（" + i.title() + "，单位 " + i.unit() + "）；取值：" + src.measure().chinese()
                + (src.input() == null ? "" : " " + src.input()));
        docx.small("公式：" + i.formula() + "，版本 " + i.version());
        docx.small("期间：建设前 " + Formats.period(report.baseline()) + "；建设后 " + Formats.period(report.current()));
        docx.small("输入（建设前）：" + inputs(i.baseline()));
        docx.small("输入（建设后）：" + inputs(i.current()));
        docx.small("数据来源：" + Formats.provenance(i.provenance()));
        List<String> files = in.evidenceFor(i.id());
        docx.small("证据文件：" + (files.isEmpty() ? Formats.missing("未给出证据包文件") : String.join("、", files)));
    }

    private void equipmentDetails() {
        docx.subheading("设备明细（建设后期间）");
        Map<String, Equipment> register = in.plant().equipment().stream()
                .collect(Collectors.toMap(Equipment::id, e -> e));
        List<List<String>> rows = new ArrayList<>();
        for (EquipmentDetail d : report.equipment()) {
            Equipment e = register.get(d.id());
            Double oee = d.oee() == null ? null : d.oee().oee();
            rows.add(List.of(d.id(), e == null || e.name() == null ? "" : e.name(), d.workshop(), yes(d.keyProcess()),
                    yes(d.numericalControl()), yes(d.automated()), NumberStyle.TWO_DECIMALS.format(d.onlineCoverage() * 100),
                    yes(d.online()), yes(d.collected()), oee == null ? Formats.NO_VALUE : NumberStyle.TWO_DECIMALS.format(oee * 100)));
        }
        docx.table(List.of("设备编号", "名称", "车间", "关键工序", "数控", "自动化", "在线覆盖率（%）", "联网", "数据采集", "OEE（%）"),
                rows, 8, 11, 14, 8, 8, 7, 8, 12, 7, 10, 15);
        docx.small("联网：计划生产时间内有数据的小时占比 ≥ " + NumberStyle.TWO_DECIMALS.format(in.plant().thresholds().onlineCoverage() * 100)
                + "%；数据采集：每个必需信号的时段覆盖率 ≥ " + NumberStyle.TWO_DECIMALS.format(in.plant().thresholds().slotCoverage() * 100) + "%。");
    }

    private Enterprise enterprise() {
        Enterprise e = in.plant().enterprise();
        return e == null ? new Enterprise(null, null, null, null) : e;
    }

    private LocalDate asOfDay() {
        return report.asOf() == null ? report.current().to() : LocalDate.ofInstant(report.asOf(), in.plant().zone());
    }

    private static String inputs(PeriodValue v) {
        if (v.inputs().isEmpty()) {
            return Formats.missing(v.note() == null ? "无" : v.note());
        }
        String list = v.inputs().entrySet().stream().map(e -> e.getKey() + " = " + plain(e.getValue()))
                .collect(Collectors.joining("，"));
        return v.note() == null ? list : list + "（" + v.note() + "）";
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? Formats.missing(NOT_IN_PLANT_FILE) : value;
    }

    private static String money(double wan) {
        return NumberStyle.TWO_DECIMALS.format(wan);
    }

    /** An input as written, up to four decimals, without trailing zeros. */
    private static String plain(double v) {
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String yes(boolean b) {
        return b ? "是" : "否";
    }
}
