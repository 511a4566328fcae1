package io.plantproof.evidence;

import io.plantproof.metrics.IndicatorId;
import io.plantproof.metrics.MemorySource;
import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.Period;
import io.plantproof.metrics.Plants;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;
import io.plantproof.plant.SignalKind;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.Signals;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recomputing from evidence chunks on several threads gives exactly the figures of one thread: 12 machines over a
 * baseline and a current period with random states, counter resets, data gaps, offline markers and late amendments.
 */
class ParallelRecomputeTest {

    private static final LocalDate FIRST = LocalDate.of(2025, 3, 1);
    private static final int DAYS = 4;
    private static final String[] SIGNALS = {Signals.STATE, Signals.COUNT_TOTAL, Signals.COUNT_GOOD};

    private final Map<Long, byte[]> chunks = new HashMap<>();
    private final List<Leaf> leaves = new ArrayList<>();
    private final MemorySource memory = new MemorySource();

    @Test
    void severalThreadsGiveTheFiguresOfOneThread() {
        List<Equipment> equipment = new ArrayList<>();
        Random random = new Random(7);
        for (int d = 0; d < 12; d++) {
            String id = String.format("M%02d", d);
            equipment.add(Plants.device(id, "W" + d % 3, d % 2 == 0, true, d % 5 != 0, 20 + d, null,
                    Plants.signal(SignalKind.STATE, 60, true), Plants.signal(SignalKind.COUNT_TOTAL, 60, true),
                    Plants.signal(SignalKind.COUNT_GOOD, 60, d % 4 != 0)));
            generate(id, random);
        }
        Plant plant = Plants.plant(Plants.shifts("08:00-12:00", "13:00-22:00"), List.of("W0", "W1", "W2"), equipment);
        Period baseline = new Period(FIRST, FIRST.plusDays(1));
        Period current = new Period(FIRST.plusDays(2), FIRST.plusDays(DAYS - 1));
        Instant asOf = Instant.parse("2025-04-01T00:00:00Z");
        Set<String> workshops = new LinkedHashSet<>(List.of("W0", "W1", "W2"));
        MetricEngine engine = new MetricEngine(plant);

        Set<String> readers = ConcurrentHashMap.newKeySet();
        MetricReport oneThread = engine.compute(source(readers), baseline, current, asOf, workshops);
        assertThat(readers).hasSize(1);
        readers.clear();
        MetricReport fourThreads = engine.withThreads(4).compute(source(readers), baseline, current, asOf, workshops);

        assertThat(readers).as("chunks read on several threads").hasSizeGreaterThan(1);
        assertThat(fourThreads).isEqualTo(oneThread);
        assertThat(oneThread.indicator(IndicatorId.OEE).current().value()).isNotNull();
        assertThat(engine.compute(memory, baseline, current, asOf, workshops)).as("the same data from a store")
                .isEqualTo(oneThread);
    }

    private ChunkSource source(Set<String> readers) {
        return new ChunkSource(leaves, leaf -> {
            readers.add(Thread.currentThread().getName());
            return chunks.get(leaf.index());
        }, line -> { });
    }

    /**
     * A machine's days of minute samples: the state changes now and then, counters rise while running and reset
     * once, an hour is missing, one offline marker, and some days get a late second part that overrides an hour.
     */
    private void generate(String device, Random random) {
        int state = MachineState.RUNNING.code();
        long total = random.nextInt(5000);
        long good = total;
        int gapDay = random.nextInt(DAYS);
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = FIRST.plusDays(day);
            long start = date.atStartOfDay(Plants.ZONE).toInstant().toEpochMilli();
            List<Sample> samples = new ArrayList<>();
            for (int m = 0; m < 1440; m++) {
                if (day == gapDay && m >= 600 && m < 660) {
                    continue;
                }
                if (random.nextInt(40) == 0) {
                    state = MachineState.values()[random.nextInt(4)].code();
                }
                int made = state == MachineState.RUNNING.code() ? random.nextInt(3) : 0;
                total = random.nextInt(20_000) == 0 ? 0 : total + made;
                good = Math.min(total, good + made - (made > 0 && random.nextInt(30) == 0 ? 1 : 0));
                long t = start + m * 60_000L;
                samples.add(Sample.of(device, Signals.STATE, t, state, Provenance.MEASURED));
                samples.add(Sample.of(device, Signals.COUNT_TOTAL, t, total, Provenance.MEASURED));
                samples.add(Sample.of(device, Signals.COUNT_GOOD, t, good, Provenance.MEASURED));
                if (day == gapDay && m == 900) {
                    samples.add(Sample.of(device, Signals.ONLINE, t, 0, Provenance.MEASURED));
                }
            }
            seal(device, date, 0, samples);
            if (random.nextInt(3) == 0) {
                List<Sample> late = new ArrayList<>();
                for (int m = 720; m < 780; m++) {
                    late.add(Sample.of(device, Signals.STATE, start + m * 60_000L, MachineState.DOWN.code(), Provenance.MEASURED));
                }
                seal(device, date, 1, late);
            }
        }
    }

    private void seal(String device, LocalDate day, int part, List<Sample> samples) {
        Leaf leaf = new Leaf(leaves.size(), device, day, part, part > 0, "", samples.size(), null);
        leaves.add(leaf);
        chunks.put(leaf.index(), new Chunk(device, day, part, samples).encode());
        for (Sample s : samples) {
            memory.measured(s.device(), s.signal(), s.epochMillis(), s.value());
        }
    }
}
