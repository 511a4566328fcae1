package io.plantproof.metrics;

import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;
import io.plantproof.plant.ProductionCalendar.Interval;
import io.plantproof.plant.SignalMapping;
import io.plantproof.plant.Workshop;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Signals;
import io.plantproof.store.SampleSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one metric engine: the collector, the evidence builder and the bundle verifier all compute
 * indicators here, from a {@link SampleSource} and the plant model, so their numbers cannot drift apart.
 */
public final class MetricEngine {

    private static final long MIN_HOLD_MS = 300_000L;

    private final Plant plant;
    private final EnergyCoefficients coefficients;

    public MetricEngine(Plant plant, EnergyCoefficients coefficients) {
        this.plant = plant;
        this.coefficients = coefficients;
    }

    public MetricEngine(Plant plant) {
        this(plant, EnergyCoefficients.gbt2589());
    }

    /** Indicators over all workshops. */
    public MetricReport compute(SampleSource source, Period baseline, Period current, Instant asOf) {
        return compute(source, baseline, current, asOf,
                plant.workshops().stream().map(Workshop::id).collect(Collectors.toCollection(java.util.LinkedHashSet::new)));
    }

    /** Indicators over the given workshops (a digital-workshop application names one). */
    public MetricReport compute(SampleSource source, Period baseline, Period current, Instant asOf, Set<String> workshops) {
        List<Equipment> scope = plant.equipment().stream().filter(e -> workshops.contains(e.workshop())).toList();
        PeriodFigures base = figures(source, baseline, asOf, scope, workshops);
        PeriodFigures cur = figures(source, current, asOf, scope, workshops);
        List<Indicator> indicators = new ArrayList<>();
        for (IndicatorDefinition d : Catalogue.ALL) {
            PeriodValue b = base.values.get(d.id());
            PeriodValue c = cur.values.get(d.id());
            if (b == null && c == null) {
                indicators.add(Indicator.notComputed(d, NOT_YET.getOrDefault(d.id(), "not computed yet")));
            } else {
                indicators.add(Indicator.of(d, b == null ? PeriodValue.missing("no data in the baseline period") : b,
                        c == null ? PeriodValue.missing("no data in the current period") : c));
            }
        }
        String name = workshops.size() == plant.workshops().size() ? "plant" : "workshops " + String.join(",", workshops);
        return new MetricReport(name, baseline, current, asOf, indicators, cur.details);
    }

    /** Why the indicators whose inputs are not imported yet carry no number. */
    private static final Map<String, String> NOT_YET = Map.of(
            "operating_cost_ratio", "needs the 成本 export, whose import is not built yet",
            "order_on_time_rate", "needs the 订单 export, whose import is not built yet",
            "supplier_on_time_rate", "needs the 采购 export, whose import is not built yet",
            "investment_total", "needs the 投资清单 (表1) export, whose import is not built yet",
            "digital_workshop_share", "per-workshop rule evaluation is not built yet");

    private static final class PeriodFigures {
        final Map<String, PeriodValue> values = new HashMap<>();
        final List<EquipmentDetail> details = new ArrayList<>();
    }

    private PeriodFigures figures(SampleSource source, Period period, Instant asOf, List<Equipment> scope,
                                  Set<String> workshops) {
        PeriodFigures out = new PeriodFigures();
        long from = period.startMillis(plant.zone());
        long to = period.endMillis(plant.zone(), asOf);
        if (to <= from) {
            return out;
        }
        List<Interval> planned = plant.calendar().planned(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), plant.zone());
        registerCounts(out, scope, period.to());
        deviceFigures(out, source, scope, planned, from, to);
        reportFigures(out, source, workshops, from, to);
        return out;
    }

    /** Counts from the register, of equipment commissioned by the end of the period. */
    private void registerCounts(PeriodFigures out, List<Equipment> scope, LocalDate periodEnd) {
        List<Equipment> present = scope.stream()
                .filter(e -> e.commissioned() == null || !e.commissioned().isAfter(periodEnd)).toList();
        long all = present.size();
        long automated = present.stream().filter(Equipment::automated).count();
        long key = present.stream().filter(Equipment::keyProcess).count();
        long keyNc = present.stream().filter(e -> e.keyProcess() && e.numericalControl()).count();
        out.values.put("equipment_total", value(all, Provenance.DECLARED, Map.of("equipment", (double) all)));
        out.values.put("automated_count", value(automated, Provenance.DECLARED, Map.of("automated", (double) automated)));
        out.values.put("automation_ratio", ratio(automated, all, Provenance.DECLARED, "automated", "equipment"));
        out.values.put("cnc_rate", ratio(keyNc, key, Provenance.DECLARED, "keyProcessNumericalControl", "keyProcess"));
    }

    private void deviceFigures(PeriodFigures out, SampleSource source, List<Equipment> scope, List<Interval> planned,
                               long from, long to) {
        long automated = 0;
        long online = 0;
        long key = 0;
        long collected = 0;
        Provenance telemetry = null;
        OeeFigures group = OeeFigures.ZERO;
        boolean anyOee = false;
        for (Equipment e : scope) {
            if (e.signals().isEmpty()) {
                continue;
            }
            long holdMs = Math.max(MIN_HOLD_MS, 3000L * e.signals().stream().mapToInt(SignalMapping::intervalSeconds).max().orElse(0));
            DeviceAnalysis a = new DeviceAnalysis(e, planned, from, to, holdMs).run(source);
            double coverage = a.onlineCoverage();
            boolean isOnline = coverage >= plant.thresholds().onlineCoverage();
            boolean isCollected = !a.signalCoverage().isEmpty()
                    && a.signalCoverage().values().stream().allMatch(c -> c >= plant.thresholds().slotCoverage());
            telemetry = Provenance.weakest(telemetry, a.provenance());
            if (e.automated()) {
                automated++;
                online += isOnline ? 1 : 0;
            }
            if (e.keyProcess()) {
                key++;
                collected += isCollected ? 1 : 0;
            }
            if (a.live() && e.signal(Signals.STATE) != null) {
                group = group.plus(a.oee());
                anyOee = true;
            }
            out.details.add(new EquipmentDetail(e.id(), e.workshop(), e.keyProcess(), e.numericalControl(), e.automated(),
                    a.live(), coverage, isOnline, a.signalCoverage(), isCollected, a.oee()));
        }
        if (telemetry == null) {
            return;
        }
        out.values.put("networked_count", value(online, telemetry, Map.of("online", (double) online)));
        out.values.put("networking_rate", ratio(online, automated, telemetry, "automatedOnline", "automated"));
        out.values.put("data_collection_rate", ratio(collected, key, telemetry, "keyCollected", "keyProcess"));
        if (anyOee) {
            Map<String, Double> inputs = new LinkedHashMap<>();
            inputs.put("plannedSeconds", group.plannedMs() / 1000.0);
            inputs.put("plannedStopSeconds", group.plannedStopMs() / 1000.0);
            inputs.put("unknownSeconds", group.unknownMs() / 1000.0);
            inputs.put("runningSeconds", group.runningMs() / 1000.0);
            inputs.put("produced", group.produced());
            inputs.put("good", group.good());
            inputs.put("idealSeconds", group.idealSeconds());
            inputs.put("countsInGaps", group.countsInGaps());
            out.values.put("availability", percent(group.availability(), telemetry, inputs));
            out.values.put("performance", percent(group.performance(), telemetry, inputs));
            out.values.put("quality", percent(group.quality(), telemetry, inputs));
            out.values.put("oee", percent(group.oee(), telemetry, inputs));
        }
    }

    /** Figures from the daily ERP/MES reports of the workshops in scope. */
    private void reportFigures(PeriodFigures out, SampleSource source, Set<String> workshops, long from, long to) {
        double[] sums = new double[4];
        String[] signals = {Signals.REPORT_OUTPUT_QTY, Signals.REPORT_DEFECT_QTY, Signals.REPORT_OUTPUT_VALUE, Signals.REPORT_GOOD_QTY};
        boolean[] seen = new boolean[4];
        Provenance[] prov = new Provenance[1];
        Map<Long, Double> headcountByDay = new java.util.TreeMap<>();
        Map<String, Double> energyInputs = new LinkedHashMap<>();
        double tce = 0;
        boolean anyEnergy = false;
        for (String w : workshops) {
            for (int i = 0; i < signals.length; i++) {
                int k = i;
                source.scan(w, signals[i], from, to, s -> {
                    sums[k] += s.value();
                    seen[k] = true;
                    prov[0] = Provenance.weakest(prov[0], s.provenance());
                });
            }
            source.scan(w, Signals.REPORT_HEADCOUNT, from, to, s -> {
                headcountByDay.merge(s.epochMillis(), s.value(), Double::sum);
                prov[0] = Provenance.weakest(prov[0], s.provenance());
            });
            for (EnergyCoefficients.Coefficient c : coefficients.types()) {
                double[] qty = new double[1];
                boolean[] any = new boolean[1];
                source.scan(w, Signals.REPORT_ENERGY_PREFIX + c.type(), from, to, s -> {
                    qty[0] += s.value();
                    any[0] = true;
                    prov[0] = Provenance.weakest(prov[0], s.provenance());
                });
                if (any[0]) {
                    anyEnergy = true;
                    energyInputs.merge(c.type() + "." + c.unit(), qty[0], Double::sum);
                    tce += qty[0] * c.equivalentKgce() / 1000.0;
                }
            }
        }
        Provenance p = prov[0];
        if (anyEnergy) {
            out.values.put("energy_tce", new PeriodValue(tce, p, energyInputs, coefficients.version() + " 当量值"));
        }
        if (seen[2]) {
            out.values.put("output_value", value(sums[2], p, Map.of("outputValue", sums[2])));
            if (anyEnergy && sums[2] > 0) {
                out.values.put("energy_intensity", new PeriodValue(tce / sums[2], p,
                        Map.of("energyTce", tce, "outputValue", sums[2]), null));
            }
        }
        if (seen[0] && sums[0] > 0) {
            double defects = seen[1] ? sums[1] : sums[0] - sums[3];
            out.values.put("defect_rate", new PeriodValue(defects / sums[0] * 100.0, p,
                    Map.of("defect", defects, "produced", sums[0]), null));
        }
        if (!headcountByDay.isEmpty()) {
            double avg = headcountByDay.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
            out.values.put("average_headcount", new PeriodValue(avg, p,
                    Map.of("days", (double) headcountByDay.size()), null));
            if (seen[2] && avg > 0) {
                out.values.put("labor_productivity", new PeriodValue(sums[2] / avg, p,
                        Map.of("outputValue", sums[2], "averageHeadcount", avg), null));
            }
        }
    }

    private static PeriodValue value(double v, Provenance p, Map<String, Double> inputs) {
        return new PeriodValue(v, p, inputs, null);
    }

    private static PeriodValue ratio(long numerator, long denominator, Provenance p, String num, String den) {
        Map<String, Double> inputs = Map.of(num, (double) numerator, den, (double) denominator);
        return denominator == 0 ? new PeriodValue(null, p, inputs, "no " + den + " equipment")
                : new PeriodValue(numerator * 100.0 / denominator, p, inputs, null);
    }

    private static PeriodValue percent(Double fraction, Provenance p, Map<String, Double> inputs) {
        return new PeriodValue(fraction == null ? null : fraction * 100.0, p, inputs, fraction == null ? "no production time" : null);
    }
}
