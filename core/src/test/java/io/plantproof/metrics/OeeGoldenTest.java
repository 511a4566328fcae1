package io.plantproof.metrics;

import io.plantproof.plant.SignalKind;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Signals;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.IntPredicate;

import static io.plantproof.metrics.Plants.at;
import static io.plantproof.metrics.Plants.device;
import static io.plantproof.metrics.Plants.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * OEE computed by hand for one machine on one day, against {@link MetricEngine}: planned breaks,
 * planned stops, down and idle time, rejects, a counter reset, and a data gap beyond the hold limit.
 *
 * <p>The day (2025-03-03, Asia/Shanghai) has two shifts, 08:00-12:00 and 13:00-17:00, so the lunch
 * hour is a planned break: planned time = 4 h + 4 h = 28 800 s. Minutes are counted from 08:00:
 * <pre>
 *   [  0,120) 08:00-10:00 RUNNING        120 min
 *   [120,150) 10:00-10:30 DOWN            30 min
 *   [150,240) 10:30-12:00 RUNNING         90 min
 *   [240,300) 12:00-13:00 OFF             (break, not planned)
 *   [300,330) 13:00-13:30 PLANNED_STOP    30 min
 *   [330,480) 13:30-16:00 RUNNING        150 min
 *   [480,540) 16:00-17:00 IDLE            60 min
 * </pre>
 * State is sampled every minute (signal interval 60 s, so the hold limit is max(300 s, 3 × 60 s) = 300 s),
 * and the machine makes one piece per running minute; ideal cycle time 45 s.
 */
class OeeGoldenTest {

    private static final LocalDate DAY = LocalDate.of(2025, 3, 3);
    private static final Period PERIOD = new Period(DAY, DAY);
    private static final Instant AS_OF = Instant.parse("2025-04-01T00:00:00Z");
    private static final long T0 = at("2025-03-03T08:00");
    private static final long MINUTE = 60_000L;

    private static MachineState stateAt(int m) {
        return m < 120 ? MachineState.RUNNING : m < 150 ? MachineState.DOWN : m < 240 ? MachineState.RUNNING
                : m < 300 ? MachineState.OFF : m < 330 ? MachineState.PLANNED_STOP : m < 480 ? MachineState.RUNNING
                : MachineState.IDLE;
    }

    /** Pieces finished before minute m: one per running minute in [0, m). */
    private static int pieces(int m) {
        int n = 0;
        for (int i = 0; i < m; i++) {
            n += stateAt(i) == MachineState.RUNNING ? 1 : 0;
        }
        return n;
    }

    private static Plant plant(boolean withScrap) {
        Equipment m1 = withScrap
                ? device("M1", "W1", true, true, true, 45, null, signal(SignalKind.STATE, 60, true),
                signal(SignalKind.COUNT_TOTAL, 60, true), signal(SignalKind.COUNT_SCRAP, 60, false))
                : device("M1", "W1", true, true, true, 45, null, signal(SignalKind.STATE, 60, true),
                signal(SignalKind.COUNT_TOTAL, 60, true));
        return Plants.plant(Plants.shifts("08:00-12:00", "13:00-17:00"), List.of("W1"), List.of(m1));
    }

    /**
     * State samples at minutes [0, 540) and counter samples at [0, 540] except where {@code skip} holds;
     * {@code total} gives the count.total reading, scrap reads 50 + one per 20 pieces.
     */
    private static MemorySource samples(java.util.function.IntUnaryOperator total, IntPredicate skip) {
        MemorySource src = new MemorySource();
        for (int m = 0; m <= 540; m++) {
            if (skip.test(m)) {
                continue;
            }
            long t = T0 + m * MINUTE;
            if (m < 540) {
                src.measured("M1", Signals.STATE, t, stateAt(m).code());
            }
            src.measured("M1", Signals.COUNT_TOTAL, t, total.applyAsInt(m));
            src.measured("M1", Signals.COUNT_SCRAP, t, 50 + pieces(m) / 20);
        }
        return src;
    }

    private static MetricReport compute(Plant plant, MemorySource src) {
        return new MetricEngine(plant).compute(src, PERIOD, PERIOD, AS_OF);
    }

    /*
     * Times: RUNNING 120 + 90 + 150 = 360 min = 21 600 s; PLANNED_STOP 1 800 s; DOWN 1 800 s; IDLE 3 600 s;
     * the OFF hour lies in the break and counts nowhere. 21 600 + 1 800 + 1 800 + 3 600 = 28 800 = planned,
     * so unknown = 0. PBT = 28 800 − 1 800 − 0 = 27 000 s.
     * A = 21 600 / 27 000 = 0.80
     * produced = 360 (counter 1 000 → 1 360), ideal time = 360 × 45 = 16 200 s, P = 16 200 / 21 600 = 0.75
     * scrap 50 → 68 = 18, good = 342, Q = 342 / 360 = 0.95
     * OEE = 0.80 × 0.75 × 0.95 = 0.57
     */
    @Test
    void oeeWithPlannedBreakPlannedStopDownTimeAndRejects() {
        MetricReport r = compute(plant(true), samples(m -> 1000 + pieces(m), m -> false));

        PeriodValue oee = r.indicator(IndicatorId.OEE).current();
        assertThat(oee.inputs()).containsEntry("plannedSeconds", 28_800.0).containsEntry("plannedStopSeconds", 1_800.0)
                .containsEntry("unknownSeconds", 0.0).containsEntry("runningSeconds", 21_600.0)
                .containsEntry("produced", 360.0).containsEntry("good", 342.0).containsEntry("idealSeconds", 16_200.0)
                .containsEntry("countsInGaps", 0.0);
        assertThat(r.indicator(IndicatorId.AVAILABILITY).current().value()).isCloseTo(80.0, within(1e-9));
        assertThat(r.indicator(IndicatorId.PERFORMANCE).current().value()).isCloseTo(75.0, within(1e-9));
        assertThat(r.indicator(IndicatorId.QUALITY).current().value()).isCloseTo(95.0, within(1e-9));
        assertThat(oee.value()).isCloseTo(57.0, within(1e-9));
    }

    /*
     * The counter is reset twice. At 10:10 (minute 130, machine DOWN since 10:00, 120 pieces made) it drops
     * from 1 120 to 0; at 13:59:30, halfway through a piece, it drops from 119 and reads 1 at 14:00.
     * Readings: m < 130: 1 000 + pieces(m); 130 ≤ m < 360: pieces(m) − 120; m ≥ 360: pieces(m) − 239
     * (pieces(359) = 120 + 90 + 29 = 239).
     * Increases: 1 000 → 1 120 = 120; drop to 0 counts its new value 0; 0 → 119 = 119; drop to 1 counts 1;
     * 1 → 360 − 239 = 121 is 120. Produced = 120 + 0 + 119 + 1 + 120 = 360, the same as without resets,
     * so OEE is again 57 %. (Last minus first reading would give 121 − 1 000 = −879.)
     */
    @Test
    void counterResetMidPeriodCountsFromZero() {
        MetricReport r = compute(plant(true), samples(m -> m < 130 ? 1000 + pieces(m) : m < 360 ? pieces(m) - 120
                : pieces(m) - 239, m -> false));

        assertThat(r.indicator(IndicatorId.OEE).current().inputs()).containsEntry("produced", 360.0).containsEntry("good", 342.0)
                .containsEntry("countsInGaps", 0.0);
        assertThat(r.indicator(IndicatorId.OEE).current().value()).isCloseTo(57.0, within(1e-9));
    }

    /*
     * No samples at all from 14:00 to 14:19 (minutes 360..379): 21 minutes without data, more than the
     * 300 s hold limit. Machine with state and count.total only, so good = produced.
     * The 13:59 RUNNING sample holds until 13:59 + 5 min = 14:04; 14:04-14:20 = 16 min = 960 s is unknown.
     * RUNNING = 360 − 16 = 344 min = 20 640 s. PBT = 28 800 − 1 800 − 960 = 26 040 s.
     * Counter 13:59 → 14:20 rises by pieces(380) − pieces(359) = 260 − 239 = 21 across the gap: reported
     * as countsInGaps, not produced. Produced = 360 − 21 = 339, ideal = 339 × 45 = 15 255 s.
     * A = 20 640 / 26 040 = 0.792627, P = 15 255 / 20 640 = 0.739099, Q = 1,
     * OEE = 15 255 / 26 040 = 0.585829 → 58.5829 %.
     */
    @Test
    void gapLongerThanHoldLimitIsUnknownTimeAndItsCountsAreReportedApart() {
        MetricReport r = compute(plant(false), samples(m -> 1000 + pieces(m), m -> m >= 360 && m < 380));

        PeriodValue oee = r.indicator(IndicatorId.OEE).current();
        assertThat(oee.inputs()).containsEntry("unknownSeconds", 960.0).containsEntry("runningSeconds", 20_640.0)
                .containsEntry("produced", 339.0).containsEntry("good", 339.0).containsEntry("countsInGaps", 21.0);
        assertThat(r.indicator(IndicatorId.AVAILABILITY).current().value()).isCloseTo(20_640.0 / 26_040 * 100, within(1e-9));
        assertThat(r.indicator(IndicatorId.PERFORMANCE).current().value()).isCloseTo(15_255.0 / 20_640 * 100, within(1e-9));
        assertThat(r.indicator(IndicatorId.QUALITY).current().value()).isCloseTo(100.0, within(1e-9));
        assertThat(oee.value()).isCloseTo(58.5829, within(1e-4));
    }

    /*
     * The device's source declares it offline at 10:45:30 (a Sparkplug death, recorded as online = 0), and
     * no state arrives from 10:46 until 11:00; counters keep arriving every minute (from its PLC log).
     * The 10:45 RUNNING sample would hold for 5 min (to 10:50), but the offline moment ends it after 30 s:
     *   running = 21 600 − 15 min (10:45-11:00) + 30 s = 20 730 s; unknown = 15 min − 30 s = 870 s.
     * The counter step 10:45 → 10:46 (one piece) spans the offline moment, so it counts in gaps:
     *   produced = 360 − 1 = 359, countsInGaps = 1.
     */
    @Test
    void anOfflineMomentEndsTheHeldStateAndItsCounterStepCountsApart() {
        MemorySource src = new MemorySource();
        for (int m = 0; m <= 540; m++) {
            long t = T0 + m * MINUTE;
            if (m < 540 && (m <= 165 || m >= 180)) {
                src.measured("M1", Signals.STATE, t, stateAt(m).code());
            }
            src.measured("M1", Signals.COUNT_TOTAL, t, 1000 + pieces(m));
        }
        src.measured("M1", Signals.ONLINE, T0 + 165 * MINUTE + 30_000, 0);
        PeriodValue oee = compute(plant(false), src).indicator(IndicatorId.OEE).current();
        assertThat(oee.inputs()).containsEntry("unknownSeconds", 870.0).containsEntry("runningSeconds", 20_730.0)
                .containsEntry("produced", 359.0).containsEntry("countsInGaps", 1.0);
    }
}
