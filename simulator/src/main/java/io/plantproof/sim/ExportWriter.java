package io.plantproof.sim;

import io.plantproof.sample.Signals;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the ERP/MES/historian exports of the simulated plant as a plant's systems would: 设备台账,
 * 生产日报, 能耗 and 人员 for a baseline and a current period, plus a historian backfill of telemetry.
 * The current period's reports are the simulated machines' own totals; the baseline is the same
 * plant before its upgrade (slower, more scrap, more staff, more energy per part).
 */
public final class ExportWriter {

    /** Unit price of a part in 万元 (the demo plant makes one product family). */
    static final double PRICE_WAN = 0.0115;

    private final SimulatedPlant plant;
    private final ZoneId zone;

    public ExportWriter(SimulatedPlant plant, ZoneId zone) {
        this.plant = plant;
        this.zone = zone;
    }

    /**
     * The files written, in the order they should be imported. Daily reports exist for the
     * baseline days and for the current days up to {@code historyTo}; both spans have the same
     * length so the before/after comparison compares like with like.
     */
    public List<Path> writeAll(Path dir, LocalDate baselineFrom, LocalDate baselineTo, LocalDate currentFrom,
                               LocalDate historyTo, long historianUntilEpochSecond) {
        try {
            Files.createDirectories(dir);
            List<Path> out = new ArrayList<>();
            out.add(register(dir.resolve("设备台账.csv")));
            out.add(investments(dir.resolve("表1-投资清单.csv"), currentFrom));
            Map<String, double[]> current = new LinkedHashMap<>();
            out.add(historian(dir.resolve("historian-telemetry.csv"), currentFrom, historianUntilEpochSecond, current));
            out.add(dailyReports(dir, baselineFrom, baselineTo, currentFrom, historyTo, current));
            out.add(dir.resolve("能耗.csv"));
            out.add(dir.resolve("人员.csv"));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write demo exports to " + dir, e);
        }
    }

    private Path register(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("设备编号,设备名称,车间,关键工序,数控,自动化,供应商,金额(万元),投产日期\n");
            for (MachineSpec m : SimulatedPlant.MACHINES) {
                w.write(String.join(",", m.id(), m.name(), m.workshop(), yes(m.keyProcess()), yes(m.numericalControl()),
                        yes(m.automated()), m.supplier(), String.format("%.2f", m.costWan()), "2024-03-01") + "\n");
            }
        }
        return file;
    }

    /**
     * 表1: the automated and NC machines as 智能装备 of their workshop plus the plant-wide software and IT
     * hardware of the project, accepted within the last two years before the current period (the digital-workshop window).
     */
    private Path investments(Path file, LocalDate currentFrom) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("序号,名称,类别,研发单位或供应商,数量,单价(万元),总金额(万元),验收日期,车间\n");
            int n = 0;
            LocalDate machines = currentFrom.minusDays(400);
            for (MachineSpec m : SimulatedPlant.MACHINES) {
                if (m.automated() || m.numericalControl()) {
                    w.write(String.format("%d,%s,智能装备,%s,1,%.2f,%.2f,%s,%s%n", ++n, m.name(), m.supplier(), m.costWan(),
                            m.costWan(), machines, m.workshop()));
                }
            }
            LocalDate systems = currentFrom.minusDays(200);
            w.write(String.format("%d,MES 制造执行系统,工业软件,杭州某软件公司,1,48.00,48.00,%s,%n", ++n, systems));
            w.write(String.format("%d,能源管理系统,工业软件,绍兴某信息公司,1,22.00,22.00,%s,%n", ++n, systems));
            w.write(String.format("%d,工业交换机,信息化硬件,华为,4,1.25,5.00,%s,%n", ++n, systems));
            w.write(String.format("%d,数据服务器,信息化硬件,浪潮,2,8.50,17.00,%s,%n", ++n, systems));
        }
        return file;
    }

    private static String yes(boolean b) {
        return b ? "是" : "否";
    }

    /**
     * Minute-by-minute telemetry from {@code from} to the given second, as a historian exports it;
     * collects each workshop's daily production and energy on the way for the daily reports.
     */
    private Path historian(Path file, LocalDate from, long untilEpochSecond, Map<String, double[]> daily) throws IOException {
        long start = from.atStartOfDay(zone).toEpochSecond();
        Map<String, SimMachine.Snapshot> dayStart = new LinkedHashMap<>();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("ts,device,signal,value,quality\n");
            for (long t = start; t < untilEpochSecond; t += 60) {
                plant.advanceTo(t);
                boolean midnight = Math.floorMod(t - start, 86_400L) == 0;
                for (SimMachine m : plant.machines()) {
                    SimMachine.Snapshot s = m.snapshot();
                    if (midnight || !dayStart.containsKey(m.spec().id())) {
                        closeDay(daily, dayStart.get(m.spec().id()), s, m.spec());
                        dayStart.put(m.spec().id(), s);
                    }
                    long ms = t * 1000;
                    w.write(ms + "," + s.id() + "," + Signals.STATE + "," + s.plcCodeFor(m.spec()) + ",0\n");
                    w.write(ms + "," + s.id() + "," + Signals.COUNT_TOTAL + "," + s.total() + ",0\n");
                    w.write(ms + "," + s.id() + "," + Signals.COUNT_GOOD + "," + s.good() + ",0\n");
                    if (m.spec().transport().equals("mqtt")) {
                        w.write(ms + "," + s.id() + "," + Signals.COUNT_SCRAP + "," + s.scrap() + ",0\n");
                    }
                    w.write(ms + "," + s.id() + "," + Signals.ENERGY + "," + String.format("%.3f", s.energyKwh()) + ",0\n");
                }
            }
        }
        return file;
    }

    /** Adds one machine's day (from its midnight snapshot to the next) to its workshop's daily totals. */
    private void closeDay(Map<String, double[]> daily, SimMachine.Snapshot from, SimMachine.Snapshot to, MachineSpec spec) {
        if (from == null) {
            return;
        }
        LocalDate day = java.time.Instant.ofEpochSecond(from.epochSecond()).atZone(zone).toLocalDate();
        double[] d = daily.computeIfAbsent(spec.workshop() + "|" + day, k -> new double[3]);
        d[0] += to.total() - from.total();
        d[1] += to.good() - from.good();
        d[2] += to.energyKwh() - from.energyKwh();
    }

    private Path dailyReports(Path dir, LocalDate baselineFrom, LocalDate baselineTo, LocalDate currentFrom,
                              LocalDate currentTo, Map<String, double[]> current) throws IOException {
        Path production = dir.resolve("生产日报.csv");
        try (BufferedWriter p = Files.newBufferedWriter(production, StandardCharsets.UTF_8);
             BufferedWriter e = Files.newBufferedWriter(dir.resolve("能耗.csv"), StandardCharsets.UTF_8);
             BufferedWriter h = Files.newBufferedWriter(dir.resolve("人员.csv"), StandardCharsets.UTF_8)) {
            p.write("日期,车间,产量(件),合格数(件),不良数(件),产值(万元)\n");
            e.write("日期,车间,能源种类,数量,单位\n");
            h.write("日期,车间,人数\n");
            for (String workshop : List.of("WS-MACH", "WS-ASSY")) {
                int staff = workshop.equals("WS-MACH") ? 24 : 18;
                LocalDate lastBaselineDay = baselineFrom.plusDays(currentTo.toEpochDay() - currentFrom.toEpochDay());
                for (LocalDate day = baselineFrom; !day.isAfter(lastBaselineDay) && !day.isAfter(baselineTo); day = day.plusDays(1)) {
                    // before the upgrade: about 82 % of today's output, more scrap, more staff, more energy per part
                    boolean machining = workshop.equals("WS-MACH");
                    double u = SimRandom.uniform(plant.seed(), workshop + "/baseline", day.toEpochDay());
                    double qty = Math.round((machining ? 8700 : 11400) * (0.95 + 0.1 * u));
                    double defect = Math.round(qty * (machining ? 0.019 : 0.006));
                    writeDay(p, e, h, day, workshop, qty, defect, qty * (machining ? 0.132 : 0.051),
                            (int) Math.round(staff * 1.25), 120 + 30 * u);
                }
                for (LocalDate day = currentFrom; !day.isAfter(currentTo); day = day.plusDays(1)) {
                    double[] d = current.get(workshop + "|" + day);
                    if (d == null) {
                        continue;
                    }
                    writeDay(p, e, h, day, workshop, d[0], d[0] - d[1], d[2], staff, 95);
                }
            }
        }
        return production;
    }

    private static void writeDay(BufferedWriter p, BufferedWriter e, BufferedWriter h, LocalDate day, String workshop,
                                 double qty, double defect, double kwh, int staff, double gasM3) throws IOException {
        p.write(String.format("%s,%s,%.0f,%.0f,%.0f,%.4f%n", day, workshop, qty, qty - defect, defect, qty * PRICE_WAN));
        e.write(String.format("%s,%s,电力,%.1f,kWh%n", day, workshop, kwh));
        e.write(String.format("%s,%s,天然气,%.1f,m3%n", day, workshop, gasM3));
        h.write(String.format("%s,%s,%d%n", day, workshop, staff));
    }
}
