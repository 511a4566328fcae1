package io.plantproof.documents;

import io.plantproof.metrics.IndicatorId;
import io.plantproof.plant.SignalKind;
import io.plantproof.rules.ApplicationType;
import io.plantproof.exports.InvestmentCategory;

import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.Period;
import io.plantproof.plant.Enterprise;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;
import io.plantproof.plant.SignalMapping;
import io.plantproof.plant.Workshop;
import io.plantproof.profile.ProfileFile;
import io.plantproof.rules.RuleEngine;
import io.plantproof.rules.RuleSet;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.Signals;
import io.plantproof.store.SampleSource;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A small hand-made plant (two workshops, five machines) with three days of telemetry and daily reports
 * before and after, run through the real {@link MetricEngine} and rule sets to give document inputs.
 */
final class DocumentFixture {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Period BASELINE = Period.parse("2025-01-06..2025-01-08");
    static final Period CURRENT = Period.parse("2025-07-07..2025-07-09");
    static final Instant AS_OF = LocalDate.of(2025, 7, 10).atStartOfDay(ZONE).toInstant();
    static final String WEAVING = "W1";
    static final String DYEING = "W2";
    /** A 表1 supplier that a spreadsheet would run as a formula, for the injection tests. */
    static final String FORMULA_SUPPLIER = "=cmd|' /C calc'!A0";

    private DocumentFixture() {
    }

    /** Samples in memory, one per (device, signal, timestamp), as the stores keep them. */
    static final class MemorySource implements SampleSource {
        private final Map<String, NavigableMap<Long, Sample>> series = new HashMap<>();

        void add(Sample s) {
            series.computeIfAbsent(s.device() + '|' + s.signal(), k -> new TreeMap<>()).put(s.epochMillis(), s);
        }

        @Override
        public void scan(String device, String signal, long fromMillis, long toMillis, Consumer<Sample> consumer) {
            NavigableMap<Long, Sample> s = series.get(device + '|' + signal);
            if (s != null && fromMillis < toMillis) {
                s.subMap(fromMillis, true, toMillis, false).values().forEach(consumer);
            }
        }
    }

    static Plant plant(String enterpriseName) {
        SignalMapping state = new SignalMapping(SignalKind.STATE, 60, true, null, null, null, null, null);
        SignalMapping total = new SignalMapping(SignalKind.COUNT_TOTAL, 60, true, null, null, null, null, null);
        SignalMapping good = new SignalMapping(SignalKind.COUNT_GOOD, 60, false, null, null, null, null, null);
        LocalDate installed = LocalDate.of(2024, 3, 1);
        List<Equipment> register = List.of(
                new Equipment("LOOM-01", "剑杆织机1号", WEAVING, true, true, true, "必佳乐", 120.5, installed, 30.0, List.of(state, total, good)),
                new Equipment("LOOM-02", "剑杆织机2号", WEAVING, true, true, true, "必佳乐", 118.0, installed, 30.0, List.of(state)),
                new Equipment("WIND-01", "络筒机", WEAVING, true, false, false, "村田", 20.0, installed, null, List.of()),
                new Equipment("AGV-01", "AGV小车", WEAVING, false, false, true, "海康机器人", 35.0, installed, null, List.of(state)),
                new Equipment("DYE-01", "溢流染色机", DYEING, true, true, true, "立信", 80.0, installed, null, List.of(state)));
        return new Plant(new Enterprise(enterpriseName, "91330600MA2D123456", "柯桥区", "C1752 化纤织物染整精加工"),
                "Asia/Shanghai", List.of(new Workshop(WEAVING, "织造车间"), new Workshop(DYEING, "染整车间")), register,
                null, null, null, null, null, null);
    }

    /**
     * Telemetry every minute for the machines that report (LOOM-02 only in the first third of each
     * day, so it is not networked), and one daily report per workshop; "after" is better than "before".
     */
    static MemorySource samples() {
        MemorySource source = new MemorySource();
        for (Period p : List.of(BASELINE, CURRENT)) {
            boolean after = p == CURRENT;
            int day = 0;
            for (LocalDate d = p.from(); !d.isAfter(p.to()); d = d.plusDays(1), day++) {
                long start = d.atStartOfDay(ZONE).toInstant().toEpochMilli();
                int downEvery = (after ? 20 : 8) + day;
                double count = 0;
                for (int minute = 0; minute < 1440; minute++) {
                    long ts = start + minute * 60_000L;
                    boolean down = minute % downEvery == 0;
                    double code = (down ? MachineState.DOWN : MachineState.RUNNING).code();
                    count += down ? 0 : 1;
                    telemetry(source, "LOOM-01", Signals.STATE, ts, code);
                    telemetry(source, "LOOM-01", Signals.COUNT_TOTAL, ts, count);
                    telemetry(source, "LOOM-01", Signals.COUNT_GOOD, ts, count - Math.floor(count / (after ? 80 : 30)));
                    telemetry(source, "AGV-01", Signals.STATE, ts, code);
                    telemetry(source, "DYE-01", Signals.STATE, ts, code);
                    if (minute < 480) {
                        telemetry(source, "LOOM-02", Signals.STATE, ts, code);
                    }
                }
                for (String w : List.of(WEAVING, DYEING)) {
                    long noon = start + 12 * 3_600_000L;
                    report(source, w, Signals.REPORT_OUTPUT_QTY, noon, (after ? 1200 : 1000) + 10 * day);
                    report(source, w, Signals.REPORT_DEFECT_QTY, noon, after ? 24 : 40);
                    report(source, w, Signals.REPORT_OUTPUT_VALUE, noon, (after ? 62.0 : 50.0) + day);
                    report(source, w, Signals.REPORT_HEADCOUNT, noon, after ? 32 + day : 40);
                    report(source, w, Signals.REPORT_ENERGY_PREFIX + "electricity", noon, (after ? 21_000 : 20_000) - 500 * day);
                }
            }
        }
        return source;
    }

    static List<String> workshops(ApplicationType type) {
        return type == ApplicationType.SMART_FACTORY ? List.of(WEAVING, DYEING) : List.of(WEAVING);
    }

    static DocumentInput input(ApplicationType type) {
        return input(type, plant("绍兴示例纺织有限公司"), samples());
    }

    /** The example application profile under deploy/, complete for both application types. */
    static ProfileFile profile() {
        return ProfileFile.load(Path.of("..", "deploy", "profile.example.yml"));
    }

    static DocumentInput input(ApplicationType type, Plant plant, SampleSource source) {
        return input(type, plant, source, profile());
    }

    static DocumentInput input(ApplicationType type, Plant plant, SampleSource source, ProfileFile profile) {
        List<String> workshops = workshops(type);
        MetricEngine engine = new MetricEngine(plant);
        MetricReport report = engine.compute(source, BASELINE, CURRENT, AS_OF, new LinkedHashSet<>(workshops));
        List<InvestmentLine> lines = new java.util.ArrayList<>(InvestmentLine.fromRegister(plant, workshops));
        lines.add(new InvestmentLine("MES 制造执行系统", InvestmentCategory.SOFTWARE, FORMULA_SUPPLIER, 1, 48.0, 48.0, null));
        lines.add(new InvestmentLine("工业交换机", InvestmentCategory.HARDWARE, "华为", 4, 1.25, 5.0, "+备用"));
        return new DocumentInput(plant, type, workshops, report,
                RuleEngine.apply(RuleSet.builtIn("shaoxing-2025/" + type.id()), report), lines,
                Map.of(IndicatorId.NETWORKING_RATE, List.of("chunks/2025-07-07/LOOM-01.bin", "chunks/2025-07-07/AGV-01.bin"),
                        IndicatorId.OUTPUT_VALUE, List.of("imports/生产日报-2025-07.xlsx")),
                DailySeries.of(engine, source, workshops, CURRENT, AS_OF),
                DailySeries.trend(engine, source, workshops, BASELINE, CURRENT, AS_OF), profile);
    }

    private static void telemetry(MemorySource s, String device, String signal, long ts, double v) {
        s.add(Sample.of(device, signal, ts, v, Provenance.MEASURED));
    }

    private static void report(MemorySource s, String workshop, String signal, long ts, double v) {
        s.add(Sample.of(workshop, signal, ts, v, Provenance.IMPORTED));
    }
}
