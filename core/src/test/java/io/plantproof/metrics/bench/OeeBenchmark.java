package io.plantproof.metrics.bench;

import io.plantproof.metrics.IndicatorId;
import io.plantproof.plant.SignalKind;
import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.Period;
import io.plantproof.metrics.Plants;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.Signals;
import io.plantproof.store.SampleSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Throughput of the metric engine's OEE path: devices × days of 1-minute state and count samples,
 * generated while streamed (nothing held in memory). Not a test (surefire runs only *Test); run it,
 * with optional arguments devices and days, as documented in docs/metrics-json.md:
 * <pre>
 * mvn -B -o -q -pl core test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp core/target/test-classes:core/target/classes:$(cat /tmp/cp.txt) io.plantproof.metrics.bench.OeeBenchmark 200 30
 * </pre>
 */
public final class OeeBenchmark {

    private static final long MINUTE = 60_000L;
    private static final MachineState[] STATES = MachineState.values();

    /** Deterministic synthetic telemetry: the state of minute k is a hash of (device, k), RUNNING 70 % of minutes; the counter rises 0.7 per minute. */
    private static final class SyntheticSource implements SampleSource {
        long delivered;

        @Override
        public void scan(String device, String signal, long fromMillis, long toMillis, Consumer<Sample> consumer) {
            if (!signal.equals(Signals.STATE) && !signal.equals(Signals.COUNT_TOTAL)) {
                return; // no exports: the benchmark measures the telemetry path
            }
            long d = device.hashCode();
            long first = Math.floorDiv(fromMillis + MINUTE - 1, MINUTE);
            for (long k = first; k * MINUTE < toMillis; k++) {
                double value = signal.equals(Signals.STATE) ? STATES[(int) Math.floorMod(mix(d, k), 10L) < 7 ? 0
                        : (int) Math.floorMod(mix(d, k), 4L) + 1].code() : k * 7 / 10;
                consumer.accept(new Sample(device, signal, k * MINUTE, value, 0L, Provenance.MEASURED));
                delivered++;
            }
        }

        private static long mix(long d, long k) {
            long x = d * 0x9E3779B97F4A7C15L + k;
            x ^= x >>> 31;
            x *= 0xBF58476D1CE4E5B9L;
            return x ^ (x >>> 29);
        }
    }

    public static void main(String[] args) {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<Equipment> equipment = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            equipment.add(Plants.device("M" + i, "W" + (i % 4), true, true, true, 40, null,
                    Plants.signal(SignalKind.STATE, 60, true), Plants.signal(SignalKind.COUNT_TOTAL, 60, true)));
        }
        // round-the-clock calendar: the synthetic counter also rises at night
        Plant plant = Plants.plant(null, List.of("W0", "W1", "W2", "W3"), equipment);
        Period current = new Period(java.time.LocalDate.of(2025, 6, 1), java.time.LocalDate.of(2025, 6, 1).plusDays(days - 1));
        Period baseline = new Period(current.from().minusYears(1), current.to().minusYears(1));
        Instant asOf = Instant.parse("2026-01-01T00:00:00Z");
        MetricEngine engine = new MetricEngine(plant);

        engine.compute(new SyntheticSource(), baseline, current, asOf); // warm-up: JIT, rule set loading
        SyntheticSource source = new SyntheticSource();
        long start = System.nanoTime();
        MetricReport report = engine.compute(source, baseline, current, asOf);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%d devices x %d days x 2 periods, 1-minute state + count: %,d samples in %.2f s = %,.0f samples/s (OEE %.2f %%)%n",
                devices, days, source.delivered, seconds, source.delivered / seconds, report.indicator(IndicatorId.OEE).current().value());
    }
}
