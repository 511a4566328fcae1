package io.plantproof.metrics;

import io.plantproof.plant.SignalKind;
import io.plantproof.plant.Equipment;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Signals;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.plantproof.metrics.Plants.at;
import static io.plantproof.metrics.Plants.device;
import static io.plantproof.metrics.Plants.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Property: a group's OEE is recomputed from the summed times and quantities of its members
 * (ISO 22400-2), which is not in general the mean of the members' OEE. Random plants from fixed
 * seeds; the truth is counted from what the generator emitted, not from the engine.
 */
class GroupOeePropertyTest {

    private static final Period DAY = Period.parse("2025-03-03..2025-03-03");
    private static final long T0 = at("2025-03-03T00:00");
    private static final MachineState[] LOSSES = {MachineState.IDLE, MachineState.DOWN};

    /** What one generated device really did, minute by minute (each state sample holds one minute). */
    private record Truth(long runningMs, long plannedStopMs, double produced, double good, double idealSeconds) {
        double oee(long plannedMs) {
            double a = runningMs / (double) (plannedMs - plannedStopMs);
            double p = idealSeconds * 1000 / runningMs;
            return a * p * (good / produced);
        }
    }

    @Test
    void groupOeeIsFromSummedElementsAndNotTheMeanOfMemberOees() {
        int seeds = 25;
        int differentFromMean = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            Random random = new Random(seed);
            int n = 2 + random.nextInt(5);
            List<Equipment> equipment = new ArrayList<>();
            List<Truth> truths = new ArrayList<>();
            MemorySource src = new MemorySource();
            for (int i = 0; i < n; i++) {
                String id = "M" + i;
                double ideal = 20 + random.nextInt(41);
                equipment.add(device(id, "W1", true, true, true, ideal, null, signal(SignalKind.STATE, 60, true),
                        signal(SignalKind.COUNT_TOTAL, 60, true), signal(SignalKind.COUNT_GOOD, 60, false)));
                truths.add(generate(random, id, ideal, src));
            }
            MetricReport r = new MetricEngine(Plants.plant(null, List.of("W1"), equipment))
                    .compute(src, DAY, DAY, Instant.parse("2025-04-01T00:00:00Z"));

            long planned = 86_400_000L;
            long run = 0;
            long stop = 0;
            double produced = 0;
            double good = 0;
            double ideal = 0;
            double meanOfMembers = 0;
            for (int i = 0; i < n; i++) {
                Truth t = truths.get(i);
                OeeFigures engine = r.equipment().get(i).oee();
                assertThat(engine.runningMs()).as("seed %d device %d running", seed, i).isEqualTo(t.runningMs());
                assertThat(engine.plannedStopMs()).as("seed %d device %d planned stop", seed, i).isEqualTo(t.plannedStopMs());
                assertThat(engine.produced()).as("seed %d device %d produced", seed, i).isEqualTo(t.produced());
                assertThat(engine.good()).as("seed %d device %d good", seed, i).isEqualTo(t.good());
                run += t.runningMs();
                stop += t.plannedStopMs();
                produced += t.produced();
                good += t.good();
                ideal += t.idealSeconds();
                meanOfMembers += t.oee(planned) / n;
            }
            double pooled = (run / (double) (n * planned - stop)) * (ideal * 1000 / run) * (good / produced);
            double groupOee = r.indicator(IndicatorId.OEE).current().value() / 100.0;
            assertThat(groupOee).as("seed %d group OEE", seed).isCloseTo(pooled, within(1e-12));
            differentFromMean += Math.abs(groupOee - meanOfMembers) > 0.005 ? 1 : 0;
        }
        // members differ in planned busy time, so pooling weighs their OEEs unequally, unlike a mean
        assertThat(differentFromMean).isGreaterThan(seeds / 2);
    }

    /**
     * One state sample per minute of the day (planned stop, running, and making pieces at full rate,
     * with device-specific probabilities, so members differ in planned busy time, availability and
     * performance), counters
     * sampled every minute; pieces finished in minute m are read at minute m + 1, so the truth counts
     * the pieces read by the last sample at 23:59.
     */
    private static Truth generate(Random random, String id, double ideal, MemorySource src) {
        double plannedStopShare = 0.8 * random.nextDouble();
        double runShare = 0.3 + 0.6 * random.nextDouble();
        double speed = 0.2 + 0.8 * random.nextDouble();
        int piecesPerMinute = Math.max(1, (int) (60 / ideal));
        long running = 0;
        long plannedStop = 0;
        int total = random.nextInt(1000);
        int good = total;
        int startTotal = total;
        int startGood = good;
        for (int m = 0; m < 1440; m++) {
            long t = T0 + m * 60_000L;
            src.measured(id, Signals.COUNT_TOTAL, t, total).measured(id, Signals.COUNT_GOOD, t, good);
            MachineState state = random.nextDouble() < plannedStopShare ? MachineState.PLANNED_STOP
                    : random.nextDouble() < runShare ? MachineState.RUNNING : LOSSES[random.nextInt(LOSSES.length)];
            src.measured(id, Signals.STATE, t, state.code());
            running += state == MachineState.RUNNING ? 60_000L : 0;
            plannedStop += state == MachineState.PLANNED_STOP ? 60_000L : 0;
            if (state == MachineState.RUNNING && m < 1439) {
                int made = random.nextDouble() < speed ? piecesPerMinute : 0;
                total += made;
                good += made - (made > 0 && random.nextInt(10) == 0 ? 1 : 0);
            }
        }
        double produced = total - startTotal;
        return new Truth(running, plannedStop, produced, good - startGood, produced * ideal);
    }
}
