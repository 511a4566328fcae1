package io.plantproof.forms;

import io.plantproof.metrics.IndicatorId;
import io.plantproof.forms.FigureSource.Measure;
import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.PeriodValue;
import io.plantproof.plant.Enterprise;
import io.plantproof.profile.ApplicationProfile;
import io.plantproof.profile.DigitalWorkshopApplication;
import io.plantproof.profile.EconomicYear;
import io.plantproof.profile.EnterpriseDetails;
import io.plantproof.profile.Project;
import io.plantproof.profile.SmartFactoryApplication;
import io.plantproof.rules.ApplicationType;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every field of the 申请表 of each application type, in the form's order and with its labels (附件2 一、附件3 一):
 * computed fields from the metric report, enterprise fields from the plant file, the rest from the application
 * profile. A field without a value says why; fields for signatures and the reviewing office say who fills them.
 */
public final class FormFigures {

    /** 累计完成投资 when it is the sum of the 表1 lines rather than the computed indicator. */
    public static final String TABLE1_TOTAL = "table1.total";
    public static final String INVESTMENT_LABEL = "累计完成投资（万元）";

    static final String PROFILE_ORIGIN = "申报资料（DECLARED）";
    static final String PLANT_ORIGIN = "工厂模型（DECLARED）";
    private static final String SIGNATURE_ORIGIN = "签署栏";
    private static final String NO_PROFILE = "未提供申报资料文件（--profile）";
    private static final String[] ECONOMIC_LABELS = {"总资产（万元）", "总负债（万元）", "主营业务收入（万元）", "利润（万元）", "税金（万元）"};
    private static final String[] ECONOMIC_FIELDS = {"totalAssets", "totalLiabilities", "revenue", "profit", "tax"};

    private final FormInput in;
    private final MetricReport report;
    private final ApplicationProfile profile;

    private FormFigures(FormInput in) {
        this.in = in;
        this.report = in.report();
        this.profile = in.profile();
    }

    /** The 申请表 of {@code in.type()}, section by section. */
    public static List<FigureSection> of(FormInput in) {
        FormFigures f = new FormFigures(in);
        return in.type() == ApplicationType.SMART_FACTORY ? f.smartFactory() : f.digitalWorkshop();
    }

    private List<FigureSection> smartFactory() {
        SmartFactoryApplication sf = profile == null ? null : profile.smartFactory();
        SmartFactoryApplication.DeclaredFigures declared = sf == null ? null : sf.figures();
        List<Figure> enterprise = new ArrayList<>(enterprise("工厂建设地址", "办公电话"));
        List<Figure> economics = new ArrayList<>();
        for (int year = 2023; year <= 2025; year++) {
            for (int k = 0; k < ECONOMIC_FIELDS.length; k++) {
                economics.add(economic(year, k));
            }
        }
        String sfPath = "smartFactory.figures.";
        List<Figure> results = List.of(
                input("企业自动化、数字化关键工序核心设备台套数*", IndicatorId.CNC_RATE, "keyProcessNumericalControl", NumberStyle.INTEGER),
                indicator("关键装备数控化(%)*", IndicatorId.CNC_RATE, Measure.CURRENT),
                indicator("设备联网率(%)*", IndicatorId.NETWORKING_RATE, Measure.CURRENT),
                declaredNumber(sfPath + "advancedProcessControlRate", "先进过程控制投用率(%)",
                        declared == null ? null : declared.advancedProcessControlRate(), NumberStyle.TWO_DECIMALS),
                indicator("全员劳动生产效率提高（%）*", IndicatorId.LABOR_PRODUCTIVITY, Measure.CHANGE_PERCENT),
                indicator("企业生产运营成本降低（%）*", IndicatorId.OPERATING_COST_RATIO, Measure.REDUCTION_PERCENT),
                indicator("产品不良率降低（%）*", IndicatorId.DEFECT_RATE, Measure.REDUCTION_PERCENT),
                indicator("单位产值或产品综合能耗降低（%）*", IndicatorId.ENERGY_INTENSITY, Measure.REDUCTION_PERCENT),
                declaredNumber(sfPath + "developmentCycleReduction", "研制周期缩短（%）",
                        declared == null ? null : declared.developmentCycleReduction(), NumberStyle.TWO_DECIMALS),
                declaredNumber(sfPath + "inventoryTurnoverImprovement", "库存周期率提升（%）",
                        declared == null ? null : declared.inventoryTurnoverImprovement(), NumberStyle.TWO_DECIMALS),
                indicator("设备综合利用率提升（%）", IndicatorId.OEE, Measure.CHANGE_PERCENT),
                declaredNumber(sfPath + "qualityLossReduction", "质量损失下降率（%）",
                        declared == null ? null : declared.qualityLossReduction(), NumberStyle.TWO_DECIMALS),
                indicator("供应商准时交付率提升（%）", IndicatorId.SUPPLIER_ON_TIME_RATE, Measure.CHANGE_PERCENT),
                indicator("订单准时交付率提升（%）", IndicatorId.ORDER_ON_TIME_RATE, Measure.CHANGE_PERCENT),
                maturity(),
                declaredNumber(sfPath + "promotedEnterprises", "先进制造模式、解决方案面向供应链上下游企业、同行企业输出推广企业数量（家）*",
                        declared == null || declared.promotedEnterprises() == null ? null : declared.promotedEnterprises().doubleValue(),
                        NumberStyle.INTEGER));
        Project project = sf == null ? null : sf.project();
        List<Figure> basics = List.of(
                projectText("smartFactory.project.name", "建设项目名称（以企业简称+主要产品+智能工厂命名）", project, Project::name),
                projectPeriod("smartFactory.project", "起止日期", project),
                declaredNumber("smartFactory.project.plannedInvestment", "项目总投资（万元）",
                        project == null ? null : project.plannedInvestment(), NumberStyle.TWO_DECIMALS),
                investment(),
                projectText("smartFactory.project.summary", "项目简述", project, Project::summary));
        return List.of(new FigureSection("（一）企业基本信息", enterprise),
                new FigureSection("近三年主要经济指标", economics),
                new FigureSection("工厂整体建设成效", results),
                new FigureSection("企业简介", List.of(introduction())),
                new FigureSection("（二）智能工厂基本信息", basics),
                commitment("区、县（市）、滨海新区经信部门审核推荐意见"));
    }

    private List<FigureSection> digitalWorkshop() {
        DigitalWorkshopApplication dw = profile == null ? null : profile.digitalWorkshop();
        Project project = dw == null ? null : dw.project();
        List<Figure> enterprise = new ArrayList<>(enterprise("详细地址", "电话"));
        EconomicYear y2025 = profile == null ? null : profile.economics(2025);
        enterprise.add(declaredNumber("economics.2025.totalAssets", "2025年总资产（万元）", y2025 == null ? null : y2025.totalAssets(),
                NumberStyle.TWO_DECIMALS));
        enterprise.add(declaredNumber("economics.2025.debtRatio", "资产负债率（%）", y2025 == null ? null : y2025.debtRatioPercent(),
                NumberStyle.TWO_DECIMALS, "按申报资料 2025 年总负债 / 总资产计算"));
        enterprise.add(declaredNumber("economics.2025.revenue", "2025年总营收（万元）", y2025 == null ? null : y2025.revenue(),
                NumberStyle.TWO_DECIMALS));
        enterprise.add(declaredNumber("economics.2025.profitMargin", "利润率（%）", y2025 == null ? null : y2025.profitMarginPercent(),
                NumberStyle.TWO_DECIMALS, "按申报资料 2025 年利润 / 总营收计算"));
        enterprise.add(maturity());
        List<Figure> workshop = List.of(
                projectText("digitalWorkshop.project.name", "车间名称（以企业简称+主要产品+数字化车间命名）", project, Project::name),
                projectPeriod("digitalWorkshop.project", "车间项目建设起止时间", project),
                declaredNumber("digitalWorkshop.project.plannedInvestment", "数字化车间项目计划总投资（万元）",
                        project == null ? null : project.plannedInvestment(), NumberStyle.TWO_DECIMALS),
                investment(),
                declaredText("digitalWorkshop.products", "车间生产产品及产量", dw == null ? null : dw.products()),
                declaredNumber("digitalWorkshop.lastYearOutput", "车间上年度产出（万元）", dw == null ? null : dw.lastYearOutput(),
                        NumberStyle.TWO_DECIMALS),
                projectText("digitalWorkshop.project.summary", "车间总体描述", project, Project::summary));
        List<FigureSection> out = new ArrayList<>(List.of(
                new FigureSection("企业基本信息", enterprise),
                new FigureSection("企业简介", List.of(introduction())),
                new FigureSection("车间基本信息", workshop),
                new FigureSection("智能装备广泛应用", List.of(
                        indicator("车间内自动化、智能化设备台套（产线）数", IndicatorId.AUTOMATED_COUNT, Measure.CURRENT),
                        indicator("车间内自动化、智能化设备占全部设备比重（%）", IndicatorId.AUTOMATION_RATIO, Measure.CURRENT))),
                new FigureSection("车间设备实现联网率", List.of(
                        indicator("车间内自动化、智能化设备联网数", IndicatorId.NETWORKED_COUNT, Measure.CURRENT),
                        indicator("车间内自动化、智能化设备联网数占自动化、智能化设备总数的比重（%）", IndicatorId.NETWORKING_RATE, Measure.CURRENT)))));
        DigitalWorkshopApplication.WorkshopDescriptions cells = dw == null
                ? new DigitalWorkshopApplication(null, null, null, null, null, null).descriptions() : dw.descriptions();
        List<Figure> benefitsOverview = new ArrayList<>();
        String area = null;
        List<Figure> current = null;
        for (DigitalWorkshopApplication.Cell c : cells.cells()) {
            Figure f = declaredText("digitalWorkshop.descriptions." + c.field(), c.item() + "：" + c.prompt(), c.text());
            if (c.field().equals("benefitsOverview")) {
                benefitsOverview.add(f);
                continue;
            }
            if (!c.area().equals(area)) {
                area = c.area();
                current = new ArrayList<>();
                out.add(new FigureSection(area, current));
            }
            current.add(f);
        }
        out.add(new FigureSection("数字化车间建设前后经济、社会效益情况", benefitsOverview));
        out.add(new FigureSection("数字化车间建设前后经济效益情况", List.of(
                indicator("建设完成前的车间产值（万元）", IndicatorId.OUTPUT_VALUE, Measure.BASELINE),
                indicator("建设完成后的车间产值（万元）", IndicatorId.OUTPUT_VALUE, Measure.CURRENT),
                indicator("产值提升率（%）", IndicatorId.OUTPUT_VALUE, Measure.CHANGE_PERCENT))));
        out.add(new FigureSection("车间人数情况", List.of(
                indicator("建设完成前车间人数", IndicatorId.AVERAGE_HEADCOUNT, Measure.BASELINE),
                indicator("建设完成后车间人数", IndicatorId.AVERAGE_HEADCOUNT, Measure.CURRENT),
                indicator("用工降低率（%）", IndicatorId.AVERAGE_HEADCOUNT, Measure.REDUCTION_PERCENT))));
        out.add(new FigureSection("产品质量提升情况", List.of(
                indicator("项目建设前产品不良品率（%）", IndicatorId.DEFECT_RATE, Measure.BASELINE),
                indicator("建设完成后产品不良品率（%）", IndicatorId.DEFECT_RATE, Measure.CURRENT),
                indicator("产品不良率降低百分点", IndicatorId.DEFECT_RATE, Measure.REDUCTION_POINTS))));
        out.add(new FigureSection("单件产值能耗情况", List.of(
                indicator("建设完成前单位或单件产值能耗（吨标煤）", IndicatorId.ENERGY_INTENSITY, Measure.BASELINE),
                indicator("建设完成后单位或单件产值能耗（吨标煤）", IndicatorId.ENERGY_INTENSITY, Measure.CURRENT),
                indicator("能耗下降率（%）", IndicatorId.ENERGY_INTENSITY, Measure.REDUCTION_PERCENT))));
        out.add(commitment("区、县（市）、滨海新区经信部门认定意见"));
        return out;
    }

    /** The enterprise rows both forms share; the address and telephone labels differ between them. */
    private List<Figure> enterprise(String addressLabel, String phoneLabel) {
        Enterprise e = in.plant().enterprise();
        EnterpriseDetails d = profile == null ? null : profile.enterprise();
        EnterpriseDetails.Person head = d == null ? null : d.head();
        EnterpriseDetails.Contact contact = d == null ? null : d.contact();
        return List.of(
                plant("enterprise.name", "企业名称", e == null ? null : e.name()),
                plant("enterprise.industry", "所属行业（按国民经济行业分类具体到中类）", e == null ? null : e.industry()),
                plant("enterprise.region", "所属地区", e == null ? null : e.region()),
                plant("enterprise.creditCode", "统一社会信用代码", e == null ? null : e.creditCode()),
                declaredText("enterprise.founded", "成立时间", d == null || d.founded() == null ? null : Formats.date(d.founded())),
                declaredText("enterprise.address", addressLabel, d == null ? null : d.address()),
                declaredText("enterprise.head.name", "企业负责人 姓名", head == null ? null : head.name()),
                declaredText("enterprise.head.title", "企业负责人 职务", head == null ? null : head.title()),
                declaredText("enterprise.head.mobile", "企业负责人 手机", head == null ? null : head.mobile()),
                declaredText("enterprise.contact.name", "联系人 姓名", contact == null ? null : contact.name()),
                declaredText("enterprise.contact.phone", "联系人 " + phoneLabel, contact == null ? null : contact.phone()),
                declaredText("enterprise.contact.title", "联系人 职务", contact == null ? null : contact.title()),
                declaredText("enterprise.contact.mobile", "联系人 手机", contact == null ? null : contact.mobile()),
                declaredText("enterprise.contact.fax", "联系人 传真", contact == null ? null : contact.fax()),
                declaredText("enterprise.contact.email", "联系人 E-mail", contact == null ? null : contact.email()));
    }

    private Figure introduction() {
        EnterpriseDetails d = profile == null ? null : profile.enterprise();
        return declaredText("enterprise.introduction", "企业简介", d == null ? null : d.introduction());
    }

    private Figure maturity() {
        return declaredNumber("maturity.value", "线上成熟度评估值*", profile == null || profile.maturity() == null ? null
                : profile.maturity().value(), NumberStyle.TWO_DECIMALS);
    }

    private Figure economic(int year, int k) {
        EconomicYear y = profile == null ? null : profile.economics(year);
        Double v = y == null ? null : switch (k) {
            case 0 -> y.totalAssets();
            case 1 -> y.totalLiabilities();
            case 2 -> y.revenue();
            case 3 -> y.profit();
            default -> y.tax();
        };
        return declaredNumber("economics." + year + "." + ECONOMIC_FIELDS[k], year + "年 " + ECONOMIC_LABELS[k], v,
                NumberStyle.TWO_DECIMALS);
    }

    private FigureSection commitment(String officeLabel) {
        return new FigureSection("企业承诺及审核意见", List.of(
                Figure.text("form.commitment", "企业承诺", "企业承诺申报内容均属实，若有不实之处，愿意承担由此引发的全部责任。",
                        SIGNATURE_ORIGIN, null),
                Figure.text("form.signature", "法定代表人签名", null, SIGNATURE_ORIGIN, "由法定代表人签名"),
                Figure.text("form.signatureDate", "签署日期", null, SIGNATURE_ORIGIN, "签署时填写"),
                Figure.text("form.office", officeLabel, null, SIGNATURE_ORIGIN, "由区、县（市）、滨海新区经信部门填写并盖章")));
    }

    private Figure projectText(String id, String label, Project project, Function<Project, String> value) {
        return declaredText(id, label, project == null ? null : value.apply(project));
    }

    private Figure projectPeriod(String prefix, String label, Project project) {
        String text = project == null || project.start() == null || project.end() == null ? null
                : project.start().getYear() + "年" + project.start().getMonthValue() + "月—" + project.end().getYear() + "年"
                + project.end().getMonthValue() + "月";
        return declaredText(prefix + ".period", label, text);
    }

    /** A field of the plant file's enterprise block, which the bundle's register snapshot carries. */
    private static Figure plant(String field, String label, String value) {
        return Figure.text("plant." + field, label, value, PLANT_ORIGIN, "工厂模型中未填写 " + field);
    }

    private Figure declaredText(String field, String label, String value) {
        return Figure.text("profile." + field, label, value, PROFILE_ORIGIN,
                profile == null ? NO_PROFILE : "申报资料未填写 " + field);
    }

    private Figure declaredNumber(String field, String label, Double value, NumberStyle style) {
        return declaredNumber(field, label, value, style, null);
    }

    private Figure declaredNumber(String field, String label, Double value, NumberStyle style, String derivation) {
        String why = profile == null ? NO_PROFILE : "申报资料未填写 " + field;
        return Figure.number("profile." + field, label, value, style, null, PROFILE_ORIGIN, value == null ? why : derivation);
    }

    private Figure indicator(String label, IndicatorId id, Measure measure) {
        return indicator(report, label, id, measure);
    }

    /** An indicator's measure as a figure with id {@code <indicator>.<measure>}, or the reason it has none. */
    static Figure indicator(MetricReport report, String label, IndicatorId id, Measure measure) {
        Indicator i = report.indicator(id);
        Double value = measure.of(i);
        NumberStyle style = measure == Measure.CURRENT || measure == Measure.BASELINE
                ? NumberStyle.forUnit(i.unit()) : NumberStyle.TWO_DECIMALS;
        return Figure.number(id + "." + measure.id(), label, value, style, new FigureSource(id, measure, null), origin(i),
                value == null ? reason(i, measure) : null);
    }

    private Figure input(String label, IndicatorId id, String input, NumberStyle style) {
        Indicator i = report.indicator(id);
        Double value = i.current().inputs().get(input);
        return Figure.number(id + ".input." + input, label, value, style, new FigureSource(id, Measure.CURRENT_INPUT, input),
                origin(i), value == null ? reason(i, Measure.CURRENT) : null);
    }

    /**
     * 累计完成投资: the investment indicator when it is computed, else the sum of the 表1 lines under its own id
     * {@value #TABLE1_TOTAL}, and the note says which.
     */
    private Figure investment() {
        Indicator i = report.indicator(IndicatorId.INVESTMENT_TOTAL);
        if (i.current().value() != null || in.table1Total() == null) {
            return indicator(INVESTMENT_LABEL, IndicatorId.INVESTMENT_TOTAL, Measure.CURRENT);
        }
        return Figure.number(TABLE1_TOTAL, INVESTMENT_LABEL, in.table1Total(), NumberStyle.TWO_DECIMALS, null, "表1",
                "表1 各行总金额之和（investment_total 未计算：" + i.current().note() + "）");
    }

    static String origin(Indicator i) {
        return Formats.provenance(i.provenance(), true);
    }

    private static String reason(Indicator i, Measure measure) {
        if (i.status() == Indicator.Status.NOT_COMPUTED) {
            return "未计算：" + i.current().note();
        }
        return switch (measure) {
            case CURRENT, CURRENT_INPUT -> missingIn("建设后", i.current());
            case BASELINE -> missingIn("建设前", i.baseline());
            default -> i.baseline().value() == null ? missingIn("建设前", i.baseline())
                    : i.current().value() == null ? missingIn("建设后", i.current())
                    : "建设前数值为 0，无法计算相对变化";
        };
    }

    private static String missingIn(String period, PeriodValue v) {
        return period + "期间无数值：" + (v.note() == null ? "无数据" : v.note());
    }
}
