package io.plantproof.metrics;

import java.util.List;

/**
 * The indicator catalogue of DESIGN.md: ids are stable API, titles follow the 申报书 forms.
 */
public final class Catalogue {

    public static final IndicatorDefinition EQUIPMENT_TOTAL = def(IndicatorId.EQUIPMENT_TOTAL, "设备台套数", "台", "register.count", false);
    public static final IndicatorDefinition AUTOMATED_COUNT = def(IndicatorId.AUTOMATED_COUNT, "自动化、智能化设备台套数", "台", "register.count.automated", false);
    public static final IndicatorDefinition AUTOMATION_RATIO = def(IndicatorId.AUTOMATION_RATIO, "自动化、智能化设备占全部设备比重", "%", "automated/all", false);
    public static final IndicatorDefinition CNC_RATE = def(IndicatorId.CNC_RATE, "关键工序（核心装备）数控化率", "%", "key.nc/key", false);
    public static final IndicatorDefinition NETWORKED_COUNT = def(IndicatorId.NETWORKED_COUNT, "自动化、智能化设备联网数", "台", "automated.online.count", false);
    public static final IndicatorDefinition NETWORKING_RATE = def(IndicatorId.NETWORKING_RATE, "设备联网率", "%", "automated.online/automated", false);
    public static final IndicatorDefinition DATA_COLLECTION_RATE = def(IndicatorId.DATA_COLLECTION_RATE, "关键设备/关键工序数据采集率", "%", "key.collected/key", false);
    public static final IndicatorDefinition AVAILABILITY = def(IndicatorId.AVAILABILITY, "设备可用率", "%", "iso22400.APT/PBT", false);
    public static final IndicatorDefinition PERFORMANCE = def(IndicatorId.PERFORMANCE, "设备性能率", "%", "iso22400.ICT*PQ/APT", false);
    public static final IndicatorDefinition QUALITY = def(IndicatorId.QUALITY, "质量合格率", "%", "iso22400.GQ/PQ", false);
    public static final IndicatorDefinition OEE = def(IndicatorId.OEE, "设备综合效率", "%", "iso22400.A*P*Q", false);
    public static final IndicatorDefinition ENERGY_TCE = def(IndicatorId.ENERGY_TCE, "综合能耗", "tce", "sum(energy*coefficient)", true);
    public static final IndicatorDefinition OUTPUT_VALUE = def(IndicatorId.OUTPUT_VALUE, "产值", "万元", "sum(report.output.value)", false);
    public static final IndicatorDefinition ENERGY_INTENSITY = def(IndicatorId.ENERGY_INTENSITY, "单位产值综合能耗", "tce/万元", "energy_tce/output_value", true);
    public static final IndicatorDefinition DEFECT_RATE = def(IndicatorId.DEFECT_RATE, "产品不良品率", "%", "defect/produced", true);
    public static final IndicatorDefinition AVERAGE_HEADCOUNT = def(IndicatorId.AVERAGE_HEADCOUNT, "车间人数", "人", "avg(daily headcount)", true);
    public static final IndicatorDefinition LABOR_PRODUCTIVITY = def(IndicatorId.LABOR_PRODUCTIVITY, "全员劳动生产率", "万元/人", "output_value/average_headcount", false);
    public static final IndicatorDefinition OPERATING_COST_RATIO = def(IndicatorId.OPERATING_COST_RATIO, "运营成本", "%", "cost/output_value", true);
    public static final IndicatorDefinition ORDER_ON_TIME_RATE = def(IndicatorId.ORDER_ON_TIME_RATE, "订单准时交付率", "%", "orders.on_time/orders", false);
    public static final IndicatorDefinition SUPPLIER_ON_TIME_RATE = def(IndicatorId.SUPPLIER_ON_TIME_RATE, "供应商准时交付率", "%", "purchases.on_time/purchases", false);
    public static final IndicatorDefinition INVESTMENT_TOTAL = def(IndicatorId.INVESTMENT_TOTAL, "累计完成投资", "万元", "sum(table1.lines)", false);
    public static final IndicatorDefinition DIGITAL_WORKSHOP_SHARE = def(IndicatorId.DIGITAL_WORKSHOP_SHARE, "达到数字化车间水平的车间占比", "%", "workshops.pass(digital-workshop)/workshops", false);

    /** Every indicator in the order documents list them. */
    public static final List<IndicatorDefinition> ALL = List.of(EQUIPMENT_TOTAL, AUTOMATED_COUNT, AUTOMATION_RATIO,
            CNC_RATE, NETWORKED_COUNT, NETWORKING_RATE, DATA_COLLECTION_RATE, AVAILABILITY, PERFORMANCE, QUALITY, OEE,
            ENERGY_TCE, OUTPUT_VALUE, ENERGY_INTENSITY, DEFECT_RATE, AVERAGE_HEADCOUNT, LABOR_PRODUCTIVITY,
            OPERATING_COST_RATIO, ORDER_ON_TIME_RATE, SUPPLIER_ON_TIME_RATE, INVESTMENT_TOTAL, DIGITAL_WORKSHOP_SHARE);

    private Catalogue() {
    }

    /** The definition of an indicator id; every id has one. */
    public static IndicatorDefinition definition(IndicatorId id) {
        return ALL.stream().filter(d -> d.id() == id).findFirst().orElseThrow();
    }

    private static IndicatorDefinition def(IndicatorId id, String title, String unit, String formula, boolean lowerIsBetter) {
        return new IndicatorDefinition(id, title, unit, id.id() + ":" + formula, 1, lowerIsBetter);
    }
}
