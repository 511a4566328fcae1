package io.plantproof.forms;

import io.plantproof.forms.FigureSource.Measure;
import io.plantproof.metrics.Catalogue;
import io.plantproof.metrics.EquipmentDetail;
import io.plantproof.metrics.IndicatorDefinition;
import io.plantproof.metrics.IndicatorId;
import io.plantproof.metrics.Indicator;
import io.plantproof.plant.Equipment;
import io.plantproof.rules.RuleResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every figure the 申报书 documents print, by field id: the 申请表 ({@link FormFigures}), each rule's measured
 * number and result, and each device's register flags and telemetry coverage. The renderers tag each figure
 * with its id; the bundle verifier recomputes this map and compares every tagged figure with it.
 */
public final class DocumentFigures {

    private DocumentFigures() {
    }

    /** All figures of {@code in}, in document order; ids are unique. */
    public static Map<String, Figure> of(FormInput in) {
        Map<String, Figure> out = new LinkedHashMap<>();
        FormFigures.of(in).forEach(s -> s.figures().forEach(f -> out.put(f.id(), f)));
        indicators(in).forEach(f -> out.putIfAbsent(f.id(), f));
        inputs(in).forEach(f -> out.putIfAbsent(f.id(), f));
        rules(in).forEach(f -> out.put(f.id(), f));
        devices(in).forEach(f -> out.put(f.id(), f));
        return out;
    }

    /**
     * Every indicator's {@code .current}, {@code .baseline} and {@code .change_percent}, and where lower is better
     * {@code .reduction_percent} (and {@code .reduction_points} for rates): positive for a drop.
     */
    public static List<Figure> indicators(FormInput in) {
        List<Figure> out = new java.util.ArrayList<>();
        for (Indicator i : in.report().indicators()) {
            IndicatorDefinition d = Catalogue.definition(i.id());
            out.add(FormFigures.indicator(in.report(), i.title() + "（建设后）", i.id(), Measure.CURRENT));
            out.add(FormFigures.indicator(in.report(), i.title() + "（建设前）", i.id(), Measure.BASELINE));
            out.add(FormFigures.indicator(in.report(), i.title() + " 提升率（%）", i.id(), Measure.CHANGE_PERCENT));
            if (d != null && d.lowerIsBetter()) {
                out.add(FormFigures.indicator(in.report(), i.title() + " 降低率（%）", i.id(), Measure.REDUCTION_PERCENT));
                if (d.isPercent()) {
                    out.add(FormFigures.indicator(in.report(), i.title() + " 降低百分点", i.id(), Measure.REDUCTION_POINTS));
                }
            }
        }
        return out;
    }

    /** Indicators whose current inputs (the counts a rate is made of) the documents print, as {@code <id>.input.<name>}. */
    static final List<IndicatorId> RATES = List.of(IndicatorId.CNC_RATE, IndicatorId.NETWORKING_RATE,
            IndicatorId.DATA_COLLECTION_RATE, IndicatorId.AUTOMATION_RATIO);

    /** The counts behind the equipment rates: numerator and denominator of each, current period. */
    public static List<Figure> inputs(FormInput in) {
        List<Figure> out = new java.util.ArrayList<>();
        for (IndicatorId id : RATES) {
            Indicator i = in.report().indicator(id);
            i.current().inputs().forEach((name, v) -> out.add(Figure.number(id + ".input." + name, i.title() + " " + name, v,
                    NumberStyle.INTEGER, new FigureSource(id, Measure.CURRENT_INPUT, name), FormFigures.origin(i), null)));
        }
        return out;
    }

    /** {@code rule.<id>.measured} and {@code rule.<id>.result} for every rule result that looks at an indicator. */
    public static List<Figure> rules(FormInput in) {
        return in.rules().stream().filter(r -> r.indicator() != null).flatMap(r -> {
            Indicator i = in.report().indicator(r.indicator());
            NumberStyle style = r.measure() == io.plantproof.rules.Measure.CURRENT || r.measure() == io.plantproof.rules.Measure.BASELINE
                    ? NumberStyle.forUnit(i.unit()) : NumberStyle.TWO_DECIMALS;
            return java.util.stream.Stream.of(
                    Figure.number(ruleId(r, "measured"), r.title(), r.measured(), style, null, FormFigures.origin(i),
                            r.measured() == null ? r.note() : null),
                    Figure.text(ruleId(r, "result"), r.title(), RuleWords.result(r), FormFigures.origin(i), null));
        }).toList();
    }

    /**
     * Per device of the scope: {@code device.<id>.key} / {@code .nc} / {@code .automated} (register), {@code .live},
     * {@code .coverage} (online coverage of planned hours), {@code .networked}, {@code .signal.<kind>} (slot coverage
     * of each required signal), {@code .collected} and {@code .oee}; devices without a signal mapping have no telemetry figures
     * but {@code .live} 否.
     */
    public static List<Figure> devices(FormInput in) {
        Map<String, EquipmentDetail> details = new LinkedHashMap<>();
        in.report().equipment().forEach(d -> details.put(d.id(), d));
        List<Figure> out = new java.util.ArrayList<>();
        for (Equipment e : in.equipment()) {
            String at = "device." + e.id() + ".";
            EquipmentDetail d = details.get(e.id());
            out.add(flag(at + "key", e.id() + " 关键工序", e.keyProcess(), FormFigures.PLANT_ORIGIN));
            out.add(flag(at + "nc", e.id() + " 数控化", e.numericalControl(), FormFigures.PLANT_ORIGIN));
            out.add(flag(at + "automated", e.id() + " 自动化、智能化", e.automated(), FormFigures.PLANT_ORIGIN));
            if (d == null) {
                out.add(Figure.text(at + "live", e.id() + " 遥测在线", "否（未接入信号）", "实测（MEASURED）", null));
                continue;
            }
            out.add(flag(at + "live", e.id() + " 遥测在线", d.live(), "实测（MEASURED）"));
            out.add(percent(at + "coverage", e.id() + " 在线覆盖率（%）", d.onlineCoverage()));
            out.add(flag(at + "networked", e.id() + " 联网", d.online(), "实测（MEASURED）"));
            d.signalCoverage().forEach((kind, c) -> out.add(percent(at + "signal." + kind, e.id() + " " + kind + " 时段覆盖率（%）", c)));
            out.add(flag(at + "collected", e.id() + " 数据采集达标", d.collected(), "实测（MEASURED）"));
            Double oee = d.oee() == null ? null : d.oee().oee();
            out.add(Figure.number(at + "oee", e.id() + " 设备综合效率（%）", oee == null ? null : oee * 100, NumberStyle.TWO_DECIMALS, null,
                    "实测（MEASURED）", oee == null ? "无运行状态或计划时间" : null));
        }
        return out;
    }

    /** The field id of a rule figure. */
    public static String ruleId(RuleResult r, String what) {
        return "rule." + r.id() + "." + what;
    }

    private static Figure flag(String id, String label, boolean value, String origin) {
        return Figure.text(id, label, value ? "是" : "否", origin, null);
    }

    private static Figure percent(String id, String label, double fraction) {
        return Figure.number(id, label, fraction * 100, NumberStyle.TWO_DECIMALS, null, "实测（MEASURED）", null);
    }
}
