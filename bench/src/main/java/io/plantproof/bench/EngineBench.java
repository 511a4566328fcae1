package io.plantproof.bench;

import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.Period;
import io.plantproof.metrics.IndicatorId;
import io.plantproof.metrics.PeriodValue;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.Signals;
import io.plantproof.store.SampleSource;
import org.duckdb.DuckDBConnection;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The metric engine against DuckDB SQL on the same generated telemetry, both with the same number of threads:
 * devices × days of 1-minute state, total and good counts (with a counter reset and a 20-minute gap per device), held
 * in memory by both. The engine computes a period's figures; the SQL computes the same OEE inputs (running time under
 * the hold limit, counter increases with resets and gaps) and coverages, and the results must agree before anything
 * is timed. Figure: samples/s.
 */
final class EngineBench {

    private static final long MINUTE = 60_000L;
    private static final String WORKSHOP = "W";
    /** The engine's hold limit for 60-second signals: max(5 min, 3 × interval). */
    private static final long HOLD_MS = 300_000L;
    private static final String[] SIGNALS = {Signals.STATE, Signals.COUNT_TOTAL, Signals.COUNT_GOOD};

    private final Path work;
    private final int devices;
    private final int days;
    private final int threads;
    private final Period period;
    private final Instant asOf;
    private final long from;
    private final long to;
    private final Plant plant;
    private final Map<String, Series> data = new HashMap<>();
    private long samples;

    /** One device's signal: times and values, ascending. */
    private record Series(long[] ts, double[] values) {
    }

    EngineBench(Path work, int devices, int days, int threads) {
        this.work = work;
        this.devices = devices;
        this.days = days;
        this.threads = threads;
        this.period = new Period(LocalDate.of(2025, 6, 1), LocalDate.of(2025, 6, 1).plusDays(days - 1));
        this.asOf = Instant.parse("2026-01-01T00:00:00Z");
        this.from = period.startMillis(ZoneOffset.UTC);
        this.to = period.endMillis(ZoneOffset.UTC, asOf);
        StringBuilder yaml = new StringBuilder("""
                enterprise: {name: bench}
                timeZone: UTC
                workshops: [{id: W, name: bench}]
                equipment:
                """);
        for (int d = 0; d < devices; d++) {
            yaml.append(String.format(Locale.ROOT, """
                      - id: %s
                        name: m%d
                        workshop: W
                        keyProcess: true
                        automated: true
                        idealCycleTimeSeconds: 40
                        signals:
                          - {kind: state, intervalSeconds: 60, required: true}
                          - {kind: count.total, intervalSeconds: 60, required: true}
                          - {kind: count.good, intervalSeconds: 60, required: true}
                    """, device(d), d));
        }
        this.plant = PlantFile.parse(yaml.toString(), "bench-engine.yml");
    }

    private static String device(int d) {
        return String.format(Locale.ROOT, "E%04d", d);
    }

    Trials.Comparison run(int warmup, int rounds) throws Exception {
        long g0 = System.nanoTime();
        generate();
        System.out.printf(Locale.ROOT, "engine: %d devices x %d days of 1-minute state, total and good counts: %,d samples "
                + "(generated in %.1f s); %d thread(s) each%n", devices, days, samples, (System.nanoTime() - g0) / 1e9, threads);
        try (DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            load(duck);
            Map<String, Double> engine = engine();
            Map<String, Double> sql = sql(duck);
            System.out.println("  engine: " + engine + "\n  SQL:    " + sql);
            if (!engine.equals(sql)) {
                throw new IllegalStateException("the engine and the SQL disagree: " + engine + " vs " + sql);
            }
            System.out.println("  results agree");
            return Trials.compare("engine vs DuckDB (samples/s)", "samples/s", Trials.Better.HIGHER, 1.5, warmup, rounds,
                    "MetricEngine", () -> rate(this::engine), "DuckDB SQL", () -> rate(() -> sql(duck)));
        }
    }

    private interface Computation {
        Map<String, Double> run() throws Exception;
    }

    private double rate(Computation c) throws Exception {
        long start = System.nanoTime();
        c.run();
        return samples / ((System.nanoTime() - start) / 1e9);
    }

    /** Running time, produced, good, counts in gaps and the networked and collected device counts, from the engine. */
    private Map<String, Double> engine() {
        Map<IndicatorId, PeriodValue> f = new MetricEngine(plant).withThreads(threads).periodFigures(new ArraySource(), period, asOf,
                Set.of(WORKSHOP));
        Map<String, Double> oee = f.get(IndicatorId.OEE).inputs();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("runningSeconds", oee.get("runningSeconds"));
        out.put("produced", oee.get("produced"));
        out.put("good", oee.get("good"));
        out.put("countsInGaps", oee.get("countsInGaps"));
        out.put("networked", f.get(IndicatorId.NETWORKED_COUNT).value());
        out.put("collected", f.get(IndicatorId.DATA_COLLECTION_RATE).inputs().get("keyCollected"));
        return out;
    }

    /** The same figures in SQL: window functions over the samples table, the engine's rules written out. */
    private Map<String, Double> sql(DuckDBConnection duck) throws Exception {
        long hours = (to - from + 3_599_999) / 3_600_000;
        String q = """
                WITH st AS (
                  SELECT device, ts, value, LEAD(ts) OVER (PARTITION BY device ORDER BY ts) AS nts
                  FROM samples WHERE signal = 'state' AND ts >= {from} - {hold} AND ts < {to}),
                run AS (
                  SELECT SUM(GREATEST(0, LEAST(COALESCE(nts, {to}), ts + {hold}, {to}) - GREATEST(ts, {from}))) AS ms
                  FROM st WHERE value = {running}),
                cnt AS (
                  SELECT signal, ts, value, LAG(ts) OVER w AS pts, LAG(value) OVER w AS pv
                  FROM samples WHERE signal <> 'state' AND ts >= {from} - {hold} AND ts < {to}
                  WINDOW w AS (PARTITION BY device, signal ORDER BY ts)),
                inc AS (
                  SELECT signal,
                    SUM(CASE WHEN ts - pts <= {hold} THEN (CASE WHEN value >= pv THEN value - pv ELSE value END) ELSE 0 END) AS increase,
                    SUM(CASE WHEN ts - pts > {hold} THEN (CASE WHEN value >= pv THEN value - pv ELSE value END) ELSE 0 END) AS gaps
                  FROM cnt WHERE ts >= {from} AND pts IS NOT NULL GROUP BY signal),
                hrs AS (
                  SELECT device, count(DISTINCT (ts - {from}) // 3600000) AS n FROM samples
                  WHERE ts >= {from} AND ts < {to} GROUP BY device),
                slots AS (
                  SELECT device, signal, count(DISTINCT (ts - {from}) // 60000) AS n FROM samples
                  WHERE ts >= {from} AND ts < {to} GROUP BY device, signal),
                collected AS (
                  SELECT device FROM slots GROUP BY device HAVING min(n) * 60000 >= 0.8 * ({to} - {from}) AND count(*) = 3)
                SELECT (SELECT ms FROM run) / 1000.0,
                       (SELECT increase FROM inc WHERE signal = 'count.total'),
                       (SELECT increase FROM inc WHERE signal = 'count.good'),
                       (SELECT gaps FROM inc WHERE signal = 'count.total'),
                       (SELECT count(*) FROM hrs WHERE n * 3600000 >= 0.8 * ({to} - {from})),
                       (SELECT count(*) FROM collected)
                """.replace("{from}", Long.toString(from)).replace("{to}", Long.toString(to))
                .replace("{hold}", Long.toString(HOLD_MS)).replace("{running}", Integer.toString(MachineState.RUNNING.code()));
        try (Statement s = duck.createStatement(); ResultSet r = s.executeQuery(q)) {
            r.next();
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("runningSeconds", r.getDouble(1));
            out.put("produced", r.getDouble(2));
            out.put("good", r.getDouble(3));
            out.put("countsInGaps", r.getDouble(4));
            out.put("networked", r.getDouble(5));
            out.put("collected", r.getDouble(6));
            if (hours <= 0) {
                throw new IllegalStateException("empty period");
            }
            return out;
        }
    }

    /**
     * Each device from ten minutes before the period: a state that changes now and then (running most of the time),
     * counters that rise while running, reset once to zero, and one 20-minute gap in all signals.
     */
    private void generate() {
        int minutes = days * 1440 + 10;
        long start = from - 10 * MINUTE;
        for (int d = 0; d < devices; d++) {
            SplittableRandom random = new SplittableRandom(d);
            int gapAt = random.nextInt(minutes - 40) + 20;
            int resetAt = random.nextInt(minutes);
            long[] ts = new long[minutes];
            double[] state = new double[minutes];
            double[] total = new double[minutes];
            double[] good = new double[minutes];
            int n = 0;
            int s = MachineState.RUNNING.code();
            long t = random.nextInt(100_000);
            long g = t - random.nextInt(100);
            for (int k = 0; k < minutes; k++) {
                if (random.nextInt(30) == 0) {
                    int r = random.nextInt(10);
                    s = r < 7 ? MachineState.RUNNING.code() : r < 9 ? MachineState.IDLE.code() : MachineState.DOWN.code();
                }
                int made = s == MachineState.RUNNING.code() ? random.nextInt(4) : 0;
                t += made;
                g += made - (made > 0 && random.nextInt(40) == 0 ? 1 : 0);
                if (k == resetAt) {
                    t = made;
                    g = made;
                }
                if (k >= gapAt && k < gapAt + 20) {
                    continue;
                }
                ts[n] = start + k * MINUTE;
                state[n] = s;
                total[n] = t;
                good[n] = g;
                n++;
            }
            long[] times = Arrays.copyOf(ts, n);
            data.put(device(d) + "\u0000" + Signals.STATE, new Series(times, Arrays.copyOf(state, n)));
            data.put(device(d) + "\u0000" + Signals.COUNT_TOTAL, new Series(times, Arrays.copyOf(total, n)));
            data.put(device(d) + "\u0000" + Signals.COUNT_GOOD, new Series(times, Arrays.copyOf(good, n)));
            samples += 3L * n;
        }
    }

    /** Loads the same series into DuckDB through a CSV file, which DuckDB reads far faster than rows appended over JDBC. */
    private void load(DuckDBConnection duck) throws Exception {
        long start = System.nanoTime();
        Path csv = Files.createTempFile(work, "engine-", ".csv");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.US_ASCII)) {
                for (int d = 0; d < devices; d++) {
                    for (String signal : SIGNALS) {
                        Series series = data.get(device(d) + "\u0000" + signal);
                        String prefix = device(d) + "," + signal + ",";
                        for (int i = 0; i < series.ts().length; i++) {
                            w.write(prefix);
                            w.write(Long.toString(series.ts()[i]));
                            w.write(',');
                            // integral values, written exactly
                            w.write(Long.toString((long) series.values()[i]));
                            w.write('\n');
                        }
                    }
                }
            }
            try (Statement s = duck.createStatement()) {
                s.execute("SET threads = " + threads);
                s.execute("CREATE TABLE samples AS SELECT * FROM read_csv('" + csv + "', header = false, columns = "
                        + "{'device': 'VARCHAR', 'signal': 'VARCHAR', 'ts': 'BIGINT', 'value': 'DOUBLE'})");
            }
        } finally {
            Files.deleteIfExists(csv);
        }
        System.out.printf(Locale.ROOT, "  loaded into DuckDB in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** The generated series as the engine reads a store: one device and signal, a time range, in order. */
    private final class ArraySource implements SampleSource {
        /** The series are only read, so any number of threads may scan them. */
        @Override
        public boolean concurrentScans() {
            return true;
        }

        @Override
        public void scan(String device, String signal, long fromMillis, long toMillis, Consumer<Sample> consumer) {
            Series s = data.get(device + "\u0000" + signal);
            if (s == null) {
                return;
            }
            int i = Arrays.binarySearch(s.ts(), fromMillis);
            for (i = i >= 0 ? i : -i - 1; i < s.ts().length && s.ts()[i] < toMillis; i++) {
                consumer.accept(Sample.of(device, signal, s.ts()[i], s.values()[i], Provenance.MEASURED));
            }
        }
    }
}
