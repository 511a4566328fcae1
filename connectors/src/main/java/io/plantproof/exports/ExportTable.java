package io.plantproof.exports;

import io.plantproof.plant.Equipment;
import io.plantproof.plant.SignalKind;
import io.plantproof.plant.SignalMapping;
import io.plantproof.plant.SignalValues;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.Signals;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The export tables the importer understands: their fields with the built-in Chinese headers, and how one
 * row becomes samples following the signal contract in {@link Signals}.
 */
enum ExportTable {
    REGISTER("register", "设备台账", List.of(
            Field.required("id", "设备编号", "设备编码"), Field.required("name", "设备名称"), Field.required("workshop", "车间", "所属车间"),
            Field.optional("keyProcess", "关键工序设备", "关键工序"), Field.optional("numericalControl", "数控化", "数控设备"),
            Field.optional("automated", "自动化、智能化设备", "智能化设备", "自动化设备")), ExportTable::register),
    PRODUCTION("production", "生产日报", List.of(
            Field.required("date", "日期"), Field.required("workshop", "车间"), Field.required("quantity", "产量(件)", "产量"),
            Field.required("good", "合格数(件)", "合格数"), Field.required("defect", "不良数(件)", "不良数"),
            Field.required("value", "产值(万元)")), ExportTable::production),
    ENERGY("energy", "能耗", List.of(
            Field.required("date", "日期"), Field.required("workshop", "车间"), Field.required("type", "能源种类", "能源类型"),
            Field.required("quantity", "数量", "用量"), Field.optional("unit", "单位")), ExportTable::energy),
    HEADCOUNT("headcount", "人员", List.of(
            Field.required("date", "日期"), Field.required("workshop", "车间"), Field.required("count", "人数", "在岗人数")),
            ExportTable::headcount),
    COST("cost", "成本", List.of(
            Field.required("date", "日期", "月份"), Field.optional("workshop", "车间"), Field.required("cost", "成本(万元)", "运营成本(万元)")),
            ExportTable::cost),
    ORDERS("orders", "订单", List.of(
            Field.required("order", "订单号", "订单编号"), Field.required("due", "交付期", "约定交期", "约定交付日期", "交货期"),
            Field.required("delivered", "实际交付日期", "实际交期", "实际交货日期"), Field.optional("workshop", "车间")),
            ExportTable::orders),
    PURCHASES("purchases", "采购", List.of(
            Field.required("order", "采购单号", "采购订单号"), Field.required("supplier", "供应商"),
            Field.required("due", "约定到货日期", "约定交期"), Field.required("arrived", "实际到货日期")), ExportTable::purchases),
    INVESTMENT("investment", "投资清单(表1)", List.of(
            Field.optional("serial", "序号"), Field.required("name", "名称", "设备名称", "项目名称"),
            Field.required("category", "类别", "类型"), Field.optional("supplier", "研发单位或供应商", "供应商", "研发单位"),
            Field.required("quantity", "数量"), Field.required("unitPrice", "单价(万元)"),
            Field.required("total", "总金额(万元)", "金额(万元)"), Field.required("date", "验收日期", "日期"),
            Field.optional("workshop", "车间", "所属车间", "实施车间")),
            ExportTable::investment),
    HISTORIAN("historian", "historian", List.of(
            Field.required("ts", "ts"), Field.required("device", "device"), Field.required("signal", "signal"),
            Field.required("value", "value"), Field.optional("quality", "quality")), ExportTable::historian);

    private static final Map<String, String> ENERGY_TYPES = Map.ofEntries(Map.entry("电力", "electricity"),
            Map.entry("电", "electricity"), Map.entry("天然气", "natural_gas"), Map.entry("原煤", "raw_coal"),
            Map.entry("柴油", "diesel"), Map.entry("汽油", "gasoline"), Map.entry("蒸汽", "steam"));

    /** Key of the table in the plant file's {@code exports.tables}. */
    final String key;
    final String title;
    final List<Field> fields;
    private final Converter converter;

    ExportTable(String key, String title, List<Field> fields, Converter converter) {
        this.key = key;
        this.title = title;
        this.fields = fields;
        this.converter = converter;
    }

    static ExportTable byKey(String key) {
        for (ExportTable t : values()) {
            if (t.key.equals(key)) {
                return t;
            }
        }
        return null;
    }

    void convert(Row r, Out out) {
        converter.convert(r, out);
    }

    /** Where a converter puts the samples of a row; the importer keeps them only if the row had no error. */
    interface Out {
        /** A daily figure at the start of the day in the plant's zone. */
        void daily(String device, String signal, LocalDate day, double value);

        /**
         * One line item (order, purchase, investment) on a day: its own millisecond within the day, derived
         * from its key, so that lines of the same day stay separate samples in a store keyed by timestamp.
         */
        void line(String device, String signal, LocalDate day, String key, double value);

        void sample(Sample sample);

        /** A line that carries no value yet (an open order not yet due). */
        void open();
    }

    @FunctionalInterface
    private interface Converter {
        void convert(Row r, Out out);
    }

    private static void register(Row r, Out out) {
        String id = r.required("id");
        r.unique("设备编号", id, "id");
        Equipment e = r.equipment(id);
        if (e == null) {
            r.error("id", "equipment is not in the plant file's register");
            return;
        }
        String workshop = r.workshop("workshop", true);
        if (r.ok() && !workshop.equals(e.workshop())) {
            r.error("workshop", "the plant file has " + id + " in workshop " + e.workshop());
        }
        agree(r, "keyProcess", e.keyProcess());
        agree(r, "numericalControl", e.numericalControl());
        agree(r, "automated", e.automated());
    }

    /** The register export and the plant file must agree on the flags the indicators count by. */
    private static void agree(Row r, String field, boolean inPlantFile) {
        Boolean v = r.flag(field);
        if (v != null && v != inPlantFile) {
            r.error(field, "the plant file says " + (inPlantFile ? "yes" : "no") + " (" + field + ")");
        }
    }

    private static void production(Row r, Out out) {
        LocalDate day = r.day("date");
        String w = r.workshop("workshop", true);
        r.unique("车间 and 日期", w + "|" + day, "date");
        double qty = r.quantity("quantity");
        double good = r.quantity("good");
        double defect = r.quantity("defect");
        double value = r.quantity("value");
        if (r.ok() && Math.abs(good + defect - qty) > 0.5) {
            r.error("good", "合格数 + 不良数 = " + (good + defect) + " does not equal 产量 " + qty);
        }
        out.daily(w, Signals.REPORT_OUTPUT_QTY, day, qty);
        out.daily(w, Signals.REPORT_GOOD_QTY, day, good);
        out.daily(w, Signals.REPORT_DEFECT_QTY, day, defect);
        out.daily(w, Signals.REPORT_OUTPUT_VALUE, day, value);
    }

    private static void energy(Row r, Out out) {
        LocalDate day = r.day("date");
        String w = r.workshop("workshop", true);
        String type = ENERGY_TYPES.getOrDefault(r.text("type"), ENERGY_TYPES.containsValue(r.text("type")) ? r.text("type") : null);
        if (type == null) {
            r.error("type", "unknown energy type; known: " + ENERGY_TYPES.keySet());
        }
        r.unique("车间, 日期 and 能源种类", w + "|" + day + "|" + type, "date");
        out.daily(w, Signals.REPORT_ENERGY_PREFIX + type, day, r.quantity("quantity"));
    }

    private static void headcount(Row r, Out out) {
        LocalDate day = r.day("date");
        String w = r.workshop("workshop", true);
        r.unique("车间 and 日期", w + "|" + day, "date");
        out.daily(w, Signals.REPORT_HEADCOUNT, day, r.quantity("count"));
    }

    private static void cost(Row r, Out out) {
        LocalDate day = r.dayOrMonth("date");
        String w = r.workshop("workshop", false);
        r.unique("车间 and 日期", w + "|" + day, "date");
        out.daily(w, Signals.REPORT_COST, day, r.quantity("cost"));
    }

    private static void orders(Row r, Out out) {
        String order = r.required("order");
        r.unique("订单号", order, "order");
        onTime(r, out, r.workshop("workshop", false), Signals.REPORT_ORDER_ON_TIME, order, "delivered");
    }

    private static void purchases(Row r, Out out) {
        String order = r.required("order");
        r.unique("采购单号", order, "order");
        r.required("supplier");
        onTime(r, out, Signals.PLANT, Signals.REPORT_SUPPLIER_ON_TIME, order, "arrived");
    }

    /**
     * 1 at the due date if delivered on or before it, 0 if later or still missing after it; an undelivered
     * line not yet due has no value yet, so the rate only counts lines whose outcome is known.
     */
    private static void onTime(Row r, Out out, String device, String signal, String key, String actualField) {
        LocalDate due = r.day("due");
        LocalDate actual = r.optionalDay(actualField);
        if (due == null || !r.ok()) {
            return;
        }
        if (actual == null && !due.isBefore(r.today())) {
            out.open();
            return;
        }
        out.line(device, signal, due, key, actual != null && !actual.isAfter(due) ? 1 : 0);
    }

    private static void investment(Row r, Out out) {
        InvestmentLine line = InvestmentLine.read(r);
        if (line != null) {
            out.line(line.workshop(), Signals.REPORT_INVESTMENT_PREFIX + line.category().signalSuffix, line.date(),
                    line.serial() + "|" + line.name(), line.totalWan());
        }
    }

    private static void historian(Row r, Out out) {
        String device = r.required("device");
        String signal = r.required("signal");
        Equipment e = r.equipment(device);
        if (e == null) {
            r.error("device", "unknown device; not in the plant file's register");
            return;
        }
        SignalMapping mapping = SignalKind.of(signal).map(e::signal).orElse(null);
        if (mapping == null) {
            r.error("signal", "device " + device + " has no such signal in the plant file");
            return;
        }
        long ts = timestamp(r);
        r.unique("device, signal and ts", LongKeys.hash(device, signal, ts), "ts");
        String quality = r.text("quality");
        long status = 0;
        if (!quality.isEmpty()) {
            try {
                status = Long.parseLong(quality);
            } catch (NumberFormatException ex) {
                r.error("quality", "not a status code (0 = good)");
            }
        }
        try {
            out.sample(new Sample(device, signal, ts, SignalValues.normalize(device, mapping, r.text("value")), status,
                    Provenance.IMPORTED));
        } catch (IllegalArgumentException ex) {
            r.error("value", ex.getMessage());
        }
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** Epoch milliseconds, or an ISO date-time (with offset, or local in the plant's zone). */
    private static long timestamp(Row r) {
        String ts = r.text("ts");
        try {
            if (digits(ts)) {
                return Long.parseLong(ts);
            }
            String iso = ts.replace(' ', 'T');
            return iso.matches(".*([+-]\\d{2}:\\d{2}|Z)$") ? OffsetDateTime.parse(iso).toInstant().toEpochMilli()
                    : LocalDateTime.parse(iso).atZone(r.plant().zone()).toInstant().toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            r.error("ts", "not epoch milliseconds or an ISO date-time");
            return 0;
        }
    }
}
