package io.plantproof.documents;

import io.plantproof.metrics.IndicatorId;
import java.util.Map;

/**
 * The Chinese names of the metric engine's formula inputs, so a Chinese document explains a figure without
 * English words; an input not listed here (an energy type such as {@code electricity.kWh}) keeps its id.
 */
final class InputNames {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("equipment", "设备数"), Map.entry("automated", "自动化、智能化设备数"), Map.entry("keyProcess", "关键工序设备数"),
            Map.entry("keyProcessNumericalControl", "数控化的关键工序设备数"), Map.entry("automatedOnline", "联网的自动化设备数"),
            Map.entry("online", "联网设备数"), Map.entry("keyCollected", "数据采集达标的关键设备数"),
            Map.entry("plannedSeconds", "计划生产时间（秒）"), Map.entry("plannedStopSeconds", "计划停机时间（秒）"),
            Map.entry("unknownSeconds", "状态未知时间（秒）"), Map.entry("runningSeconds", "运行时间（秒）"), Map.entry("produced", "产量"),
            Map.entry("good", "合格数"), Map.entry("idealSeconds", "理想加工时间（秒）"), Map.entry("countsInGaps", "数据中断期间的计数"),
            Map.entry("defect", "不良数"), Map.entry("outputValue", "产值（万元）"), Map.entry("energyTce", "综合能耗（吨标准煤）"),
            Map.entry("averageHeadcount", "平均人数"), Map.entry("days", "天数"), Map.entry("cost", "成本（万元）"),
            Map.entry("onTime", "准时交付行数"), Map.entry("lines", "交付行数"), Map.entry("software", "工业软件（万元）"),
            Map.entry("hardware", "信息化硬件（万元）"), Map.entry("windowYears", "项目期（年）"), Map.entry("workshops", "车间数"),
            Map.entry("passing", "达到的车间数"), Map.entry("failing", "未达到的车间数"), Map.entry("undetermined", "无法判定的车间数"));

    private InputNames() {
    }

    /** The name of {@code input} of {@code indicator}: 表1 categories are money, elsewhere equipment is a count. */
    static String of(IndicatorId indicator, String input) {
        if (indicator == IndicatorId.INVESTMENT_TOTAL && input.equals("equipment")) {
            return "智能装备（万元）";
        }
        return NAMES.getOrDefault(input, input);
    }
}
