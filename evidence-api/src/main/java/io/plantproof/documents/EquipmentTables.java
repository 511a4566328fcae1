package io.plantproof.documents;

import io.plantproof.forms.Figure;
import io.plantproof.forms.NumberStyle;
import io.plantproof.plant.Equipment;
import io.plantproof.sample.Signals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The per-device tables of part 三, each figure tagged: 数控化率 (every key-process device, its NC flag and
 * whether telemetry shows it live), 联网率 (every automated device with its coverage of planned hours),
 * 数据采集率 (every key device with each required signal's slot coverage), and the automated equipment.
 */
final class EquipmentTables {

    private static final Map<String, String> SIGNAL_NAMES = Map.of(Signals.STATE, "运行状态", Signals.COUNT_TOTAL, "产量计数",
            Signals.COUNT_GOOD, "合格计数", Signals.COUNT_SCRAP, "废品计数", Signals.ENERGY, "能耗计量", Signals.POWER, "功率",
            Signals.CYCLE_TIME, "节拍");

    private final Docx docx;
    private final DocumentInput in;
    private final Map<String, Figure> figures;

    EquipmentTables(Docx docx, DocumentInput in, Map<String, Figure> figures) {
        this.docx = docx;
        this.in = in;
        this.figures = figures;
    }

    /** 关键工序（核心装备）数控化率: each key-process device, NC or not, live or not, and the rate with its counts. */
    void cnc() {
        List<List<?>> rows = new ArrayList<>();
        for (Equipment e : equipment(Equipment::keyProcess)) {
            rows.add(List.of(e.id(), name(e), workshop(e), fig("device." + e.id() + ".nc"), fig("device." + e.id() + ".live"),
                    optional("device." + e.id() + ".coverage")));
        }
        docx.table(List.of("设备编号", "名称", "车间", "数控化", "遥测显示在线", "在线覆盖率（%）"), rows, 9, 14, 24, 18, 10, 16, 18);
        docx.paragraph("关键工序数控化率 = 数控化的关键工序设备 ", input("cnc_rate", "keyProcessNumericalControl"), " 台 ÷ 关键工序设备 ",
                input("cnc_rate", "keyProcess"), " 台 = ", fig("cnc_rate.current"), "%（数控化标识来自设备台账，申报；"
                        + "“遥测显示在线”表示证据期内该设备有实测数据）。");
    }

    /** 设备联网率: each automated device with its coverage of planned hours against the plant's threshold. */
    void networking() {
        List<List<?>> rows = new ArrayList<>();
        for (Equipment e : equipment(Equipment::automated)) {
            rows.add(List.of(e.id(), name(e), workshop(e), fig("device." + e.id() + ".live"), optional("device." + e.id() + ".coverage"),
                    optional("device." + e.id() + ".networked")));
        }
        docx.table(List.of("设备编号", "名称", "车间", "遥测显示在线", "在线覆盖率（%）", "计为联网"), rows, 9, 14, 24, 18, 14, 16, 14);
        docx.paragraph("设备联网率 = 联网的自动化、智能化设备 ", input("networking_rate", "automatedOnline"), " 台 ÷ 自动化、智能化设备 ",
                input("networking_rate", "automated"), " 台 = ", fig("networking_rate.current"), "%；计划生产时间内有实测数据的小时占比达到 "
                        + NumberStyle.TWO_DECIMALS.format(in.plant().thresholds().onlineCoverage() * 100) + "% 的设备计为联网。");
    }

    /** 关键设备数据采集率: each key device, each required signal's slot coverage, and whether all reach the threshold. */
    void collection() {
        List<List<?>> rows = new ArrayList<>();
        for (Equipment e : equipment(Equipment::keyProcess)) {
            List<Object> signals = new ArrayList<>();
            figures.keySet().stream().filter(id -> id.startsWith("device." + e.id() + ".signal.")).forEach(id -> {
                if (!signals.isEmpty()) {
                    signals.add("；");
                }
                signals.add(signalName(id.substring(id.lastIndexOf(".signal.") + 8)) + " ");
                signals.add(figures.get(id));
                signals.add("%");
            });
            rows.add(List.of(e.id(), name(e), signals.isEmpty() ? "—（未接入信号）" : signals, optional("device." + e.id() + ".collected")));
        }
        docx.table(List.of("设备编号", "名称", "必需信号的时段覆盖率", "数据采集达标"), rows, 9, 14, 22, 48, 16);
        docx.paragraph("关键设备数据采集率 = 每个必需信号的时段覆盖率均达到 "
                + NumberStyle.TWO_DECIMALS.format(in.plant().thresholds().slotCoverage() * 100) + "% 的关键设备 ",
                input("data_collection_rate", "keyCollected"), " 台 ÷ 关键设备 ", input("data_collection_rate", "keyProcess"), " 台 = ",
                fig("data_collection_rate.current"), "%。");
    }

    /** 自动化、智能化设备: the register's automated equipment with supplier and commissioning, and the share. */
    void automated() {
        List<List<?>> rows = new ArrayList<>();
        for (Equipment e : equipment(Equipment::automated)) {
            rows.add(List.of(e.id(), name(e), workshop(e), e.supplier() == null ? "—" : e.supplier(),
                    e.commissioned() == null ? "—" : io.plantproof.forms.Formats.date(e.commissioned()), fig("device." + e.id() + ".live")));
        }
        docx.table(List.of("设备编号", "名称", "车间", "供应商", "投用日期", "遥测显示在线"), rows, 9, 14, 24, 16, 16, 16, 14);
        docx.paragraph("自动化、智能化设备占全部设备比重 = ", input("automation_ratio", "automated"), " 台 ÷ ",
                input("automation_ratio", "equipment"), " 台 = ", fig("automation_ratio.current"), "%（设备台账，申报）。");
    }

    /** A signal kind as the documents name it (运行状态, 产量计数 …); a free measurement keeps its id. */
    static String signalName(String kind) {
        return SIGNAL_NAMES.getOrDefault(kind, kind);
    }

    private List<Equipment> equipment(Predicate<Equipment> which) {
        return in.formInput().equipment().stream().filter(which).toList();
    }

    private String name(Equipment e) {
        return e.name() == null ? e.id() : e.name();
    }

    private String workshop(Equipment e) {
        return in.plant().workshops().stream().filter(w -> w.id().equals(e.workshop())).map(w -> w.name() == null ? w.id() : w.name())
                .findFirst().orElse(e.workshop());
    }

    private Figure fig(String id) {
        Figure f = figures.get(id);
        if (f == null) {
            throw new IllegalStateException("no figure " + id);
        }
        return f;
    }

    /** A figure devices without telemetry do not have: "—" for those. */
    private Object optional(String id) {
        return figures.containsKey(id) ? figures.get(id) : "—";
    }

    /** A formula input; "—" when the period had none (e.g. no equipment of that kind). */
    private Object input(String indicator, String name) {
        return optional(indicator + ".input." + name);
    }
}
