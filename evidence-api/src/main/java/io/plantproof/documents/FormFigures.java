package io.plantproof.documents;

import io.plantproof.documents.FigureSource.Measure;
import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.IndicatorId;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.PeriodValue;

import java.util.List;

/**
 * The numeric fields of the 申请表 of each application type, with the form's own labels, mapped to
 * indicator measures. Fields the tool cannot back with data stay empty and say who fills them in.
 */
public final class FormFigures {

    private static final String BY_APPLICANT = "由企业填写：本工具不采集此项数据";
    private static final String APPLICANT = "企业填写";
    /** The 累计完成投资 field, which 附件1 repeats as 累计完成总投资额. */
    static final String INVESTMENT_LABEL = "累计完成投资（万元）";

    private final DocumentInput in;
    private final MetricReport report;

    private FormFigures(DocumentInput in) {
        this.in = in;
        this.report = in.report();
    }

    /** The numeric sections of the 申请表 of {@code in.type()}. */
    public static List<FigureSection> of(DocumentInput in) {
        FormFigures f = new FormFigures(in);
        return in.type() == ApplicationType.SMART_FACTORY ? f.smartFactory() : f.digitalWorkshop();
    }

    private List<FigureSection> smartFactory() {
        return List.of(
                new FigureSection("近三年主要经济指标", List.of(
                        declared("总资产、总负债、主营业务收入、利润、税金（万元，2023—2025年）"))),
                new FigureSection("工厂整体建设成效", List.of(
                        input("企业自动化、数字化关键工序核心设备台套数", IndicatorId.CNC_RATE, "keyProcessNumericalControl", NumberStyle.INTEGER),
                        indicator("关键装备数控化(%)", IndicatorId.CNC_RATE, Measure.CURRENT),
                        indicator("设备联网率(%)", IndicatorId.NETWORKING_RATE, Measure.CURRENT),
                        declared("先进过程控制投用率(%)"),
                        indicator("全员劳动生产效率提高（%）", IndicatorId.LABOR_PRODUCTIVITY, Measure.CHANGE_PERCENT),
                        indicator("企业生产运营成本降低（%）", IndicatorId.OPERATING_COST_RATIO, Measure.REDUCTION_PERCENT),
                        indicator("产品不良率降低（%）", IndicatorId.DEFECT_RATE, Measure.REDUCTION_PERCENT),
                        indicator("单位产值或产品综合能耗降低（%）", IndicatorId.ENERGY_INTENSITY, Measure.REDUCTION_PERCENT),
                        declared("研制周期缩短（%）"),
                        declared("库存周期率提升（%）"),
                        indicator("设备综合利用率提升（%）", IndicatorId.OEE, Measure.CHANGE_PERCENT),
                        declared("质量损失下降率（%）"),
                        indicator("供应商准时交付率提升（%）", IndicatorId.SUPPLIER_ON_TIME_RATE, Measure.CHANGE_PERCENT),
                        indicator("订单准时交付率提升（%）", IndicatorId.ORDER_ON_TIME_RATE, Measure.CHANGE_PERCENT),
                        declared("线上成熟度评估值"),
                        declared("先进制造模式、解决方案面向供应链上下游企业、同行企业输出推广企业数量（家）"))),
                new FigureSection("智能工厂基本信息", List.of(
                        declared("项目总投资（万元）"),
                        investment(INVESTMENT_LABEL))));
    }

    private List<FigureSection> digitalWorkshop() {
        return List.of(
                new FigureSection("企业经营情况", List.of(
                        declared("2025年总资产（万元）"),
                        declared("资产负债率（%）"),
                        declared("2025年总营收（万元）"),
                        declared("利润率（%）"),
                        declared("线上成熟度评估值"))),
                new FigureSection("车间基本信息", List.of(
                        declared("数字化车间项目计划总投资（万元）"),
                        investment(INVESTMENT_LABEL),
                        new Figure("车间上年度产出（万元）", null, NumberStyle.TWO_DECIMALS, null, APPLICANT,
                                "需上一自然年度的车间产值；本工具按建设前/后期间计算产值，见建设前后对比"))),
                new FigureSection("智能装备广泛应用", List.of(
                        indicator("车间内自动化、智能化设备台套（产线）数", IndicatorId.AUTOMATED_COUNT, Measure.CURRENT),
                        indicator("车间内自动化、智能化设备占全部设备比重（%）", IndicatorId.AUTOMATION_RATIO, Measure.CURRENT),
                        indicator("车间内自动化、智能化设备联网数", IndicatorId.NETWORKED_COUNT, Measure.CURRENT),
                        indicator("车间内自动化、智能化设备联网数占自动化、智能化设备总数的比重（%）", IndicatorId.NETWORKING_RATE, Measure.CURRENT))),
                new FigureSection("数字化车间建设前后经济效益情况", List.of(
                        indicator("建设完成前的车间产值（万元）", IndicatorId.OUTPUT_VALUE, Measure.BASELINE),
                        indicator("建设完成后的车间产值（万元）", IndicatorId.OUTPUT_VALUE, Measure.CURRENT),
                        indicator("产值提升率（%）", IndicatorId.OUTPUT_VALUE, Measure.CHANGE_PERCENT))),
                new FigureSection("车间人数情况", List.of(
                        indicator("建设完成前车间人数", IndicatorId.AVERAGE_HEADCOUNT, Measure.BASELINE),
                        indicator("建设完成后车间人数", IndicatorId.AVERAGE_HEADCOUNT, Measure.CURRENT),
                        indicator("用工降低率（%）", IndicatorId.AVERAGE_HEADCOUNT, Measure.REDUCTION_PERCENT))),
                new FigureSection("产品质量提升情况", List.of(
                        indicator("项目建设前产品不良品率（%）", IndicatorId.DEFECT_RATE, Measure.BASELINE),
                        indicator("建设完成后产品不良品率（%）", IndicatorId.DEFECT_RATE, Measure.CURRENT),
                        indicator("产品不良率降低百分点", IndicatorId.DEFECT_RATE, Measure.REDUCTION_POINTS))),
                new FigureSection("单件产值能耗情况", List.of(
                        indicator("建设完成前单位或单件产值能耗（吨标煤）", IndicatorId.ENERGY_INTENSITY, Measure.BASELINE),
                        indicator("建设完成后单位或单件产值能耗（吨标煤）", IndicatorId.ENERGY_INTENSITY, Measure.CURRENT),
                        indicator("能耗下降率（%）", IndicatorId.ENERGY_INTENSITY, Measure.REDUCTION_PERCENT))));
    }

    private Figure indicator(String label, IndicatorId id, Measure measure) {
        Indicator i = report.indicator(id);
        Double value = switch (measure) {
            case CURRENT -> i.current().value();
            case BASELINE -> i.baseline().value();
            case CHANGE_PERCENT -> i.changePercent();
            case REDUCTION_PERCENT -> i.changePercent() == null ? null : -i.changePercent();
            case REDUCTION_POINTS -> i.changePoints() == null ? null : -i.changePoints();
            case CURRENT_INPUT -> throw new IllegalArgumentException("use input() for formula inputs");
        };
        NumberStyle style = measure == Measure.CURRENT || measure == Measure.BASELINE
                ? NumberStyle.forUnit(i.unit()) : NumberStyle.TWO_DECIMALS;
        return new Figure(label, value, style, new FigureSource(id, measure, null), origin(i),
                value == null ? reason(i, measure) : null);
    }

    private Figure input(String label, IndicatorId id, String input, NumberStyle style) {
        Indicator i = report.indicator(id);
        Double value = i.current().inputs().get(input);
        return new Figure(label, value, style, new FigureSource(id, Measure.CURRENT_INPUT, input), origin(i),
                value == null ? reason(i, Measure.CURRENT) : null);
    }

    /**
     * 累计完成投资: the investment indicator when the 投资清单 import computed it, else the sum of the
     * 表1 lines given, and the note says which, so the appendix never hides the weaker source.
     */
    private Figure investment(String label) {
        Indicator i = report.indicator(IndicatorId.INVESTMENT_TOTAL);
        if (i.current().value() != null || in.investments().isEmpty()) {
            return indicator(label, IndicatorId.INVESTMENT_TOTAL, Measure.CURRENT);
        }
        double sum = in.investments().stream().mapToDouble(InvestmentLine::totalWan).sum();
        return new Figure(label, sum, NumberStyle.TWO_DECIMALS, null, "表1",
                "表1 各行总金额之和（investment_total 未计算：" + i.current().note() + "）");
    }

    private static Figure declared(String label) {
        return new Figure(label, null, NumberStyle.TWO_DECIMALS, null, APPLICANT, BY_APPLICANT);
    }

    private static String origin(Indicator i) {
        return i.provenance() == null ? Formats.NO_VALUE : i.provenance().name();
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
        return period + "期间无数值：" + (v.note() == null ? "no data" : v.note());
    }
}
