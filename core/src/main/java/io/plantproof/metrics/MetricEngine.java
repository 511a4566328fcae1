package io.plantproof.metrics;

import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;
import io.plantproof.plant.ProductionCalendar.Interval;
import io.plantproof.plant.SignalKind;
import io.plantproof.plant.SignalMapping;
import io.plantproof.plant.Workshop;
import io.plantproof.rules.RuleEngine;
import io.plantproof.rules.RuleKind;
import io.plantproof.rules.RuleResult;
import io.plantproof.rules.RuleSet;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.Signals;
import io.plantproof.store.SampleSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The one metric engine: the collector, the evidence builder and the bundle verifier all compute
 * indicators here, from a {@link SampleSource} and the plant model, so their numbers cannot drift apart.
 */
public final class MetricEngine {

    /** The investment window (最近三年, the smart-factory condition) when no rule set names one. */
    public static final int DEFAULT_INVESTMENT_WINDOW_YEARS = 3;
    /** The rule set a workshop must pass to count in {@code digital_workshop_share} when none is named. */
    public static final String DEFAULT_WORKSHOP_RULES = "shaoxing-2025/digital-workshop";

    private static final long MIN_HOLD_MS = 300_000L;
    /** The 表1 categories of {@link Signals#REPORT_INVESTMENT_PREFIX}: 智能装备, 工业软件, 信息化硬件. */
    private static final List<String> INVESTMENT_CATEGORIES = List.of("equipment", "software", "hardware");

    private final Plant plant;
    private final EnergyCoefficients coefficients;
    private final int investmentWindowYears;
    private final RuleSet workshopRules;
    /** Devices analysed at the same time, when the source allows concurrent scans (see {@link #withThreads}). */
    private final int threads;

    /**
     * @param investmentWindowYears years of 表1 lines, up to the period's last day, in {@code investment_total}
     * @param workshopRules         the rule set whose data conditions a workshop must pass for {@code digital_workshop_share}
     */
    public MetricEngine(Plant plant, EnergyCoefficients coefficients, int investmentWindowYears, RuleSet workshopRules) {
        this(plant, coefficients, investmentWindowYears, workshopRules, 1);
    }

    private MetricEngine(Plant plant, EnergyCoefficients coefficients, int investmentWindowYears, RuleSet workshopRules,
                         int threads) {
        if (investmentWindowYears <= 0) {
            throw new IllegalArgumentException("investment window must be at least one year, not " + investmentWindowYears);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("the metric engine needs at least one thread, not " + threads);
        }
        this.plant = plant;
        this.coefficients = coefficients;
        this.investmentWindowYears = investmentWindowYears;
        this.workshopRules = workshopRules;
        this.threads = threads;
    }

    public MetricEngine(Plant plant, EnergyCoefficients coefficients) {
        this(plant, coefficients, DEFAULT_INVESTMENT_WINDOW_YEARS, RuleSet.builtIn(DEFAULT_WORKSHOP_RULES));
    }

    public MetricEngine(Plant plant) {
        this(plant, EnergyCoefficients.gbt2589());
    }

    /**
     * The devices and days {@link #compute} reads for these workshops and periods, so a bundle can
     * carry exactly that raw data (the digital-workshop share reads nothing beyond the plant scope).
     */
    public DataScope dataScope(Set<String> workshops, Period baseline, Period current) {
        Set<String> equipment = plant.equipment().stream().filter(e -> workshops.contains(e.workshop()))
                .map(Equipment::id).collect(Collectors.toSet());
        Set<String> reportDevices = new java.util.HashSet<>(workshops);
        if (wholePlant(workshops)) {
            reportDevices.add(Signals.PLANT);
        }
        return new DataScope(equipment, reportDevices, List.of(baseline, current), investmentWindowYears);
    }

    /**
     * The same engine analysing up to {@code threads} devices at once when a source allows concurrent scans
     * ({@link SampleSource#concurrentScans()}). The figures are identical to one thread's: each device is analysed
     * alone and the analyses are added up in register order afterwards.
     */
    public MetricEngine withThreads(int threads) {
        return new MetricEngine(plant, coefficients, investmentWindowYears, workshopRules, threads);
    }

    /** The engine for an application judged by {@code rules}: its investment window and its workshop rule set. */
    public static MetricEngine forRules(Plant plant, EnergyCoefficients coefficients, RuleSet rules) {
        int window = rules.investmentWindowYears() > 0 ? rules.investmentWindowYears() : DEFAULT_INVESTMENT_WINDOW_YEARS;
        String workshop = rules.workshopRuleSet() != null ? rules.workshopRuleSet() : DEFAULT_WORKSHOP_RULES;
        return new MetricEngine(plant, coefficients, window, workshop.equals(rules.id()) ? rules : RuleSet.builtIn(workshop));
    }

    /** Indicators over all workshops. */
    public MetricReport compute(SampleSource source, Period baseline, Period current, Instant asOf) {
        return compute(source, baseline, current, asOf,
                plant.workshops().stream().map(Workshop::id).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /** Indicators over the given workshops (a digital-workshop application names one). */
    public MetricReport compute(SampleSource source, Period baseline, Period current, Instant asOf, Set<String> workshops) {
        return new Computation(source, asOf).report(baseline, current, workshops, investmentWindowYears, true);
    }

    /**
     * The figures of one period alone, by indicator id, without those that look beyond it (the investment window,
     * the digital-workshop share): what per-day charts need, at the cost of one pass over the period's data.
     */
    public Map<IndicatorId, PeriodValue> periodFigures(SampleSource source, Period period, Instant asOf, Set<String> workshops) {
        return Map.copyOf(new Computation(source, asOf).figures(period, workshops, WITHOUT_INVESTMENT).values);
    }

    /** A window length of no years: {@link #periodFigures} leaves {@code investment_total} out. */
    private static final int WITHOUT_INVESTMENT = 0;

    private static final class PeriodFigures {
        final Map<IndicatorId, PeriodValue> values = new EnumMap<>(IndicatorId.class);
        final List<EquipmentDetail> details = new ArrayList<>();
    }

    /**
     * One {@code compute} call. Device analyses are kept per period so that judging every workshop
     * for {@code digital_workshop_share} scans each device's telemetry once, not twice.
     */
    private final class Computation {
        private final SampleSource source;
        private final Instant asOf;
        private final Map<String, DeviceAnalysis> analyses = new HashMap<>();

        Computation(SampleSource source, Instant asOf) {
            this.source = source;
            this.asOf = asOf;
        }

        MetricReport report(Period baseline, Period current, Set<String> workshops, int windowYears, boolean withShare) {
            PeriodFigures base = figures(baseline, workshops, windowYears);
            PeriodFigures cur = figures(current, workshops, windowYears);
            if (withShare) {
                putIfPresent(base.values, IndicatorId.DIGITAL_WORKSHOP_SHARE, share(baseline, baseline, workshops));
                putIfPresent(cur.values, IndicatorId.DIGITAL_WORKSHOP_SHARE, share(baseline, current, workshops));
            }
            List<Indicator> indicators = new ArrayList<>();
            for (IndicatorDefinition d : Catalogue.ALL) {
                PeriodValue b = base.values.get(d.id());
                PeriodValue c = cur.values.get(d.id());
                indicators.add(Indicator.of(d, b == null ? PeriodValue.missing("期间 " + baseline + " 无数据") : b,
                        c == null ? PeriodValue.missing("期间 " + current + " 无数据") : c));
            }
            String name = wholePlant(workshops) ? "plant" : "workshops " + String.join(",", workshops);
            return new MetricReport(name, baseline, current, asOf, indicators, cur.details);
        }

        private PeriodFigures figures(Period period, Set<String> workshops, int windowYears) {
            PeriodFigures out = new PeriodFigures();
            long from = period.startMillis(plant.zone());
            long to = period.endMillis(plant.zone(), asOf);
            if (to <= from) {
                return out;
            }
            List<Equipment> present = plant.equipment().stream()
                    .filter(e -> workshops.contains(e.workshop()))
                    .filter(e -> e.commissioned() == null || !e.commissioned().isAfter(period.to()))
                    .toList();
            registerCounts(out, present);
            deviceFigures(out, period, present, from, to);
            List<String> reportDevices = new ArrayList<>(workshops);
            if (wholePlant(workshops)) {
                reportDevices.add(Signals.PLANT);
            }
            reportFigures(out, reportDevices, from, to);
            if (windowYears == WITHOUT_INVESTMENT) {
                return out;
            }
            long windowFrom = period.to().plusDays(1).minusYears(windowYears).atStartOfDay(plant.zone()).toInstant().toEpochMilli();
            investment(out, reportDevices, windowFrom, to, windowYears);
            return out;
        }

        private void deviceFigures(PeriodFigures out, Period period, List<Equipment> present, long from, long to) {
            List<Interval> planned = plant.calendar().planned(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), plant.zone());
            long automated = 0;
            long online = 0;
            long key = 0;
            long collected = 0;
            Provenance telemetry = null;
            OeeFigures group = OeeFigures.ZERO;
            boolean anyOee = false;
            analyseAll(present, period, planned, from, to);
            for (Equipment e : present) {
                // equipment without a signal mapping is still automated or key equipment: it counts in the
                // denominators as not online and not collected
                automated += e.automated() ? 1 : 0;
                key += e.keyProcess() ? 1 : 0;
                if (e.signals().isEmpty()) {
                    continue;
                }
                DeviceAnalysis a = analyses.computeIfAbsent(period + "\u0000" + e.id(), k -> analyse(e, planned, from, to));
                double coverage = a.onlineCoverage();
                boolean isOnline = coverage >= plant.thresholds().onlineCoverage();
                boolean isCollected = !a.signalCoverage().isEmpty()
                        && a.signalCoverage().values().stream().allMatch(c -> c >= plant.thresholds().slotCoverage());
                telemetry = Provenance.weakest(telemetry, a.provenance());
                online += e.automated() && isOnline ? 1 : 0;
                collected += e.keyProcess() && isCollected ? 1 : 0;
                if (a.live() && e.signal(SignalKind.STATE) != null) {
                    group = group.plus(a.oee());
                    anyOee = true;
                }
                out.details.add(new EquipmentDetail(e.id(), e.workshop(), e.keyProcess(), e.numericalControl(), e.automated(),
                        a.live(), coverage, isOnline, a.signalCoverage(), isCollected, a.oee()));
            }
            if (telemetry == null) {
                return;
            }
            out.values.put(IndicatorId.NETWORKED_COUNT, value(online, telemetry, Map.of("online", (double) online)));
            out.values.put(IndicatorId.NETWORKING_RATE, ratio(online, automated, telemetry, "automatedOnline", "automated"));
            out.values.put(IndicatorId.DATA_COLLECTION_RATE, ratio(collected, key, telemetry, "keyCollected", "keyProcess"));
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
                out.values.put(IndicatorId.AVAILABILITY, percent(group.availability(), telemetry, inputs));
                out.values.put(IndicatorId.PERFORMANCE, percent(group.performance(), telemetry, inputs));
                out.values.put(IndicatorId.QUALITY, percent(group.quality(), telemetry, inputs));
                out.values.put(IndicatorId.OEE, percent(group.oee(), telemetry, inputs));
            }
        }

        /**
         * Analyses the devices not analysed yet for this period on the engine's threads, when there is more than one
         * and the source allows it; {@link #deviceFigures} then finds them and adds them up in register order.
         */
        private void analyseAll(List<Equipment> present, Period period, List<Interval> planned, long from, long to) {
            List<Equipment> todo = present.stream().filter(e -> !e.signals().isEmpty())
                    .filter(e -> !analyses.containsKey(period + "\u0000" + e.id())).toList();
            if (threads == 1 || todo.size() < 2 || !source.concurrentScans()) {
                return;
            }
            AtomicInteger started = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, todo.size()), r -> {
                Thread t = new Thread(r, "metric-engine-" + started.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<DeviceAnalysis>> results = new ArrayList<>(todo.size());
                for (Equipment e : todo) {
                    results.add(pool.submit(() -> analyse(e, planned, from, to)));
                }
                for (int i = 0; i < todo.size(); i++) {
                    analyses.put(period + "\u0000" + todo.get(i).id(), results.get(i).get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while analysing devices", e);
            } catch (ExecutionException e) {
                // the source's own exception (a damaged chunk, an unreachable store) as if scanned on this thread
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }

        private DeviceAnalysis analyse(Equipment e, List<Interval> planned, long from, long to) {
            long holdMs = Math.max(MIN_HOLD_MS, 3000L * e.signals().stream().mapToInt(SignalMapping::intervalSeconds).max().orElse(0));
            return new DeviceAnalysis(e, planned, from, to, holdMs).run(source);
        }

        /** Figures from the daily ERP/MES exports of the report devices (workshops, and the plant when in scope). */
        private void reportFigures(PeriodFigures out, List<String> devices, long from, long to) {
            Total produced = total(devices, Signals.REPORT_OUTPUT_QTY, from, to);
            Total defects = total(devices, Signals.REPORT_DEFECT_QTY, from, to);
            Total good = total(devices, Signals.REPORT_GOOD_QTY, from, to);
            Total outputValue = total(devices, Signals.REPORT_OUTPUT_VALUE, from, to);
            PeriodValue energy = energy(devices, from, to);
            if (energy != null) {
                out.values.put(IndicatorId.ENERGY_TCE, energy);
            }
            if (outputValue.any()) {
                out.values.put(IndicatorId.OUTPUT_VALUE, value(outputValue.sum, outputValue.provenance, Map.of("outputValue", outputValue.sum)));
                if (energy != null && energy.value() != null && outputValue.sum > 0) {
                    out.values.put(IndicatorId.ENERGY_INTENSITY, new PeriodValue(energy.value() / outputValue.sum,
                            Provenance.weakest(energy.provenance(), outputValue.provenance),
                            Map.of("energyTce", energy.value(), "outputValue", outputValue.sum), null));
                }
            }
            if (produced.any() && produced.sum > 0 && (defects.any() || good.any())) {
                Total defect = defects.any() ? defects : new Total(produced.sum - good.sum, good.count,
                        Provenance.weakest(produced.provenance, good.provenance));
                out.values.put(IndicatorId.DEFECT_RATE, new PeriodValue(defect.sum / produced.sum * 100.0,
                        Provenance.weakest(produced.provenance, defect.provenance),
                        Map.of("defect", defect.sum, "produced", produced.sum), null));
            }
            headcount(out, devices, from, to, outputValue);
            Total cost = total(devices, Signals.REPORT_COST, from, to);
            if (cost.any()) {
                Provenance p = Provenance.weakest(cost.provenance, outputValue.provenance);
                Map<String, Double> inputs = Map.of("cost", cost.sum, "outputValue", outputValue.sum);
                out.values.put(IndicatorId.OPERATING_COST_RATIO, outputValue.sum > 0
                        ? new PeriodValue(cost.sum / outputValue.sum * 100.0, p, inputs, null)
                        : new PeriodValue(null, p, inputs, "无产值数据，无法计算成本占产值比例"));
            }
            onTimeRate(out, IndicatorId.ORDER_ON_TIME_RATE, total(devices, Signals.REPORT_ORDER_ON_TIME, from, to));
            onTimeRate(out, IndicatorId.SUPPLIER_ON_TIME_RATE, total(devices, Signals.REPORT_SUPPLIER_ON_TIME, from, to));
        }

        /** Daily headcounts are summed over devices per day, then averaged over the days reported. */
        private void headcount(PeriodFigures out, List<String> devices, long from, long to, Total outputValue) {
            Map<Long, Double> byDay = new TreeMap<>();
            Total all = new Total();
            for (String d : devices) {
                source.scan(d, Signals.REPORT_HEADCOUNT, from, to, s -> {
                    byDay.merge(s.epochMillis(), s.value(), Double::sum);
                    all.add(s);
                });
            }
            if (byDay.isEmpty()) {
                return;
            }
            double avg = byDay.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            out.values.put(IndicatorId.AVERAGE_HEADCOUNT, new PeriodValue(avg, all.provenance, Map.of("days", (double) byDay.size()), null));
            if (outputValue.any() && avg > 0) {
                out.values.put(IndicatorId.LABOR_PRODUCTIVITY, new PeriodValue(outputValue.sum / avg,
                        Provenance.weakest(all.provenance, outputValue.provenance),
                        Map.of("outputValue", outputValue.sum, "averageHeadcount", avg), null));
            }
        }

        /** Σ quantity × kgce per unit / 1000 over the energy types reported, with the coefficient of each type. */
        private PeriodValue energy(List<String> devices, long from, long to) {
            Map<String, Double> inputs = new LinkedHashMap<>();
            double tce = 0;
            Provenance p = null;
            for (EnergyCoefficients.Coefficient c : coefficients.types()) {
                Total qty = total(devices, Signals.REPORT_ENERGY_PREFIX + c.type(), from, to);
                if (qty.any()) {
                    double kgce = coefficients.kgcePerUnit(c);
                    inputs.put(c.type() + "." + c.unit(), qty.sum);
                    inputs.put(c.type() + ".kgcePer" + c.unit(), kgce);
                    tce += qty.sum * kgce / 1000.0;
                    p = Provenance.weakest(p, qty.provenance);
                }
            }
            return inputs.isEmpty() ? null : new PeriodValue(tce, p, inputs, coefficients.describe());
        }

        /** Each sample is one line, 1 when on time and 0 when late, so the rate is their mean. */
        private void onTimeRate(PeriodFigures out, IndicatorId id, Total lines) {
            if (lines.any()) {
                out.values.put(id, new PeriodValue(lines.sum / lines.count * 100.0, lines.provenance,
                        Map.of("onTime", lines.sum, "lines", (double) lines.count), null));
            }
        }

        /** 表1 lines accepted in the project window that ends with the period, by category. */
        private void investment(PeriodFigures out, List<String> devices, long windowFrom, long to, int windowYears) {
            Map<String, Double> inputs = new LinkedHashMap<>();
            double sum = 0;
            Provenance p = null;
            for (String category : INVESTMENT_CATEGORIES) {
                Total t = total(devices, Signals.REPORT_INVESTMENT_PREFIX + category, windowFrom, to);
                inputs.put(category, t.sum);
                sum += t.sum;
                p = Provenance.weakest(p, t.provenance);
            }
            if (p == null) {
                return;
            }
            inputs.put("windowYears", (double) windowYears);
            LocalDate first = Instant.ofEpochMilli(windowFrom).atZone(plant.zone()).toLocalDate();
            LocalDate last = Instant.ofEpochMilli(to - 1).atZone(plant.zone()).toLocalDate();
            out.values.put(IndicatorId.INVESTMENT_TOTAL, new PeriodValue(sum, p, inputs,
                    "计入 " + first + ".." + last + " 的表1行（" + windowYears + "年项目期）"));
        }

        /**
         * {@code digital_workshop_share} for {@code period}: each workshop in scope is computed alone and
         * judged by the workshop rule set's conditions that have data (declared ones are the applicant's).
         * A workshop with an UNKNOWN condition and no FAIL is undetermined and does not count as passing.
         */
        private PeriodValue share(Period baseline, Period period, Set<String> workshops) {
            if (workshops.isEmpty() || period.endMillis(plant.zone(), asOf) <= period.startMillis(plant.zone())) {
                return null;
            }
            int pass = 0;
            int fail = 0;
            int undetermined = 0;
            Provenance p = null;
            List<String> outcomes = new ArrayList<>();
            for (String w : workshops) {
                MetricReport r = report(baseline, period, Set.of(w), workshopRules.investmentWindowYears() > 0
                        ? workshopRules.investmentWindowYears() : DEFAULT_INVESTMENT_WINDOW_YEARS, false);
                List<String> failed = new ArrayList<>();
                List<String> unknown = new ArrayList<>();
                for (RuleResult c : RuleEngine.apply(workshopRules, r)) {
                    if (c.kind() != RuleKind.CONDITION || c.indicator() == null) {
                        continue;
                    }
                    p = Provenance.weakest(p, r.indicator(c.indicator()).current().provenance());
                    if (c.outcome() == RuleResult.Outcome.FAIL) {
                        failed.add(c.id() + " " + c.indicator() + " " + number(c.measured()) + " 未达 " + number(c.threshold()));
                    } else if (c.outcome() == RuleResult.Outcome.UNKNOWN) {
                        unknown.add(c.id() + " " + c.indicator() + ": " + c.note());
                    }
                }
                if (!failed.isEmpty()) {
                    fail++;
                    outcomes.add(w + " 未达到（" + String.join("，", failed) + "）");
                } else if (!unknown.isEmpty()) {
                    undetermined++;
                    outcomes.add(w + " 无法判定（" + String.join("，", unknown) + "）");
                } else {
                    pass++;
                    outcomes.add(w + " 达到");
                }
            }
            Map<String, Double> inputs = Map.of("workshops", (double) workshops.size(), "passing", (double) pass,
                    "failing", (double) fail, "undetermined", (double) undetermined);
            String note = "按 " + workshopRules.id() + " v" + workshopRules.version() + " 中有数据的基本条件判定，"
                    + "无法判定的车间不计为达到。" + String.join("；", outcomes);
            return new PeriodValue(pass * 100.0 / workshops.size(), p, inputs, note);
        }

        private Total total(List<String> devices, String signal, long from, long to) {
            Total t = new Total();
            for (String d : devices) {
                source.scan(d, signal, from, to, t::add);
            }
            return t;
        }
    }

    /** Sum, number and weakest provenance of the good samples of one report signal. */
    private static final class Total {
        double sum;
        long count;
        Provenance provenance;

        Total() {
        }

        Total(double sum, long count, Provenance provenance) {
            this.sum = sum;
            this.count = count;
            this.provenance = provenance;
        }

        void add(Sample s) {
            if (s.good()) {
                sum += s.value();
                count++;
                provenance = Provenance.weakest(provenance, s.provenance());
            }
        }

        boolean any() {
            return count > 0;
        }
    }

    private boolean wholePlant(Set<String> workshops) {
        return plant.workshops().stream().allMatch(w -> workshops.contains(w.id()));
    }

    /** Counts from the register, of equipment commissioned by the end of the period. */
    private static void registerCounts(PeriodFigures out, List<Equipment> present) {
        long all = present.size();
        long automated = present.stream().filter(Equipment::automated).count();
        long key = present.stream().filter(Equipment::keyProcess).count();
        long keyNc = present.stream().filter(e -> e.keyProcess() && e.numericalControl()).count();
        out.values.put(IndicatorId.EQUIPMENT_TOTAL, value(all, Provenance.DECLARED, Map.of("equipment", (double) all)));
        out.values.put(IndicatorId.AUTOMATED_COUNT, value(automated, Provenance.DECLARED, Map.of("automated", (double) automated)));
        out.values.put(IndicatorId.AUTOMATION_RATIO, ratio(automated, all, Provenance.DECLARED, "automated", "equipment"));
        out.values.put(IndicatorId.CNC_RATE, ratio(keyNc, key, Provenance.DECLARED, "keyProcessNumericalControl", "keyProcess"));
    }

    private static void putIfPresent(Map<IndicatorId, PeriodValue> values, IndicatorId id, PeriodValue v) {
        if (v != null) {
            values.put(id, v);
        }
    }

    private static String number(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static PeriodValue value(double v, Provenance p, Map<String, Double> inputs) {
        return new PeriodValue(v, p, inputs, null);
    }

    /** The Chinese name of a ratio's denominator, for the note of a ratio without equipment to divide by. */
    private static final Map<String, String> EQUIPMENT_KIND = Map.of("automated", "自动化、智能化", "keyProcess", "关键工序",
            "equipment", "");

    private static PeriodValue ratio(long numerator, long denominator, Provenance p, String num, String den) {
        Map<String, Double> inputs = Map.of(num, (double) numerator, den, (double) denominator);
        return denominator == 0 ? new PeriodValue(null, p, inputs, "无" + EQUIPMENT_KIND.getOrDefault(den, "") + "设备")
                : new PeriodValue(numerator * 100.0 / denominator, p, inputs, null);
    }

    private static PeriodValue percent(Double fraction, Provenance p, Map<String, Double> inputs) {
        return new PeriodValue(fraction == null ? null : fraction * 100.0, p, inputs, fraction == null ? "无计划生产时间" : null);
    }
}
