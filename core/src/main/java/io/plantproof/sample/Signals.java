package io.plantproof.sample;

/**
 * Signal names shared by connectors, importers and the metric engine.
 * Telemetry signals follow DESIGN.md; {@code report.*} signals are daily figures from ERP/MES exports.
 */
public final class Signals {
    public static final String STATE = "state";
    public static final String COUNT_TOTAL = "count.total";
    public static final String COUNT_GOOD = "count.good";
    public static final String COUNT_SCRAP = "count.scrap";
    public static final String ENERGY = "energy";
    public static final String POWER = "power";
    public static final String CYCLE_TIME = "cycleTime";
    /**
     * 1 when a device comes online, 0 when its source declares it offline (e.g. a Sparkplug death
     * certificate): the metric engine ends held state and counter spans at an offline moment.
     */
    public static final String ONLINE = "online";

    /** Daily output quantity (pieces) of a workshop, from 生产日报. */
    public static final String REPORT_OUTPUT_QTY = "report.output.qty";
    /** Daily good quantity of a workshop, from 生产日报. */
    public static final String REPORT_GOOD_QTY = "report.output.good";
    /** Daily defect quantity of a workshop, from 生产日报. */
    public static final String REPORT_DEFECT_QTY = "report.output.defect";
    /** Daily output value in 万元 of a workshop, from 生产日报. */
    public static final String REPORT_OUTPUT_VALUE = "report.output.value";
    /** Headcount of a workshop on a day, from 人员. */
    public static final String REPORT_HEADCOUNT = "report.headcount";
    /** Prefix of daily energy use by type from 能耗, e.g. {@code report.energy.electricity} in the type's unit. */
    public static final String REPORT_ENERGY_PREFIX = "report.energy.";

    /** Operating cost in 万元 booked on a day, from 成本 (device: workshop id, or {@link #PLANT} for plant-wide cost). */
    public static final String REPORT_COST = "report.cost";
    /** One customer order line due on that day: 1 if delivered on or before its due date, else 0, from 订单. */
    public static final String REPORT_ORDER_ON_TIME = "report.order.onTime";
    /** One purchase line due on that day: 1 if the supplier delivered on time, else 0, from 采购. */
    public static final String REPORT_SUPPLIER_ON_TIME = "report.supplier.onTime";
    /**
     * Prefix of 表1 investment lines in 万元 on their acceptance date, by category:
     * {@code report.investment.equipment} (智能装备), {@code .software} (工业软件), {@code .hardware} (信息化硬件).
     */
    public static final String REPORT_INVESTMENT_PREFIX = "report.investment.";

    /** Device id of plant-wide report figures that belong to no single workshop. */
    public static final String PLANT = "_plant";

    private Signals() {
    }
}
