package io.plantproof.metrics;

import io.plantproof.plant.Equipment;
import io.plantproof.plant.ProductionCalendar.Interval;
import io.plantproof.plant.SignalKind;
import io.plantproof.plant.SignalMapping;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.Signals;
import io.plantproof.store.SampleSource;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One device over one period, from a single streamed scan per signal: state timeline, counter
 * increases, coverage of planned hours (networking) and of expected slots (data collection).
 */
final class DeviceAnalysis {

    private static final long HOUR = 3_600_000L;

    private final Equipment equipment;
    private final List<Interval> planned;
    private final long from;
    private final long to;
    private final long holdMs;
    private final BitSet hoursWithData = new BitSet();
    private final Map<String, Double> signalCoverage = new TreeMap<>();
    private Provenance provenance;
    private boolean anySample;
    private OeeFigures oee = OeeFigures.ZERO;
    private long[] offline = new long[0];

    DeviceAnalysis(Equipment equipment, List<Interval> planned, long from, long to, long holdMs) {
        this.equipment = equipment;
        this.planned = planned;
        this.from = from;
        this.to = to;
        this.holdMs = holdMs;
    }

    DeviceAnalysis run(SampleSource source) {
        long plannedMs = planned.stream().mapToLong(Interval::length).sum();
        long[] stateMs = new long[MachineState.values().length + 1];
        double[] counts = new double[3];
        double[] gapCounts = new double[1];
        offline = offlineMoments(source);
        for (SignalMapping signal : equipment.signals()) {
            long slotMs = Math.max(1, signal.intervalSeconds()) * 1000L;
            BitSet slots = new BitSet();
            StateTimeline timeline = signal.kind() == SignalKind.STATE ? new StateTimeline(stateMs) : null;
            CounterIncrease counter = counterIndex(signal.kind()) >= 0 ? new CounterIncrease() : null;
            source.scan(equipment.id(), signal.kind().id(), from - holdMs, to, s -> {
                if (s.epochMillis() >= from) {
                    anySample = true;
                    provenance = Provenance.weakest(provenance, s.provenance());
                    if (s.good()) {
                        hoursWithData.set((int) ((s.epochMillis() - from) / HOUR));
                        slots.set((int) ((s.epochMillis() - from) / slotMs));
                    }
                }
                if (timeline != null) {
                    timeline.add(s);
                }
                if (counter != null) {
                    counter.add(s);
                }
            });
            if (timeline != null) {
                timeline.finish();
            }
            if (counter != null) {
                counts[counterIndex(signal.kind())] = counter.increase;
                if (signal.kind() == SignalKind.COUNT_TOTAL) {
                    gapCounts[0] = counter.inGaps;
                }
            }
            if (signal.required()) {
                signalCoverage.put(signal.kind().id(), plannedMs == 0 ? 0.0 : coveredMs(slots, slotMs) / (double) plannedMs);
            }
        }
        if (equipment.signal(SignalKind.STATE) != null) {
            long known = 0;
            for (long ms : stateMs) {
                known += ms;
            }
            double produced = counts[0];
            double good = equipment.signal(SignalKind.COUNT_GOOD) != null ? counts[1]
                    : equipment.signal(SignalKind.COUNT_SCRAP) != null ? produced - counts[2] : produced;
            oee = new OeeFigures(plannedMs, stateMs[MachineState.PLANNED_STOP.code()], plannedMs - known,
                    stateMs[MachineState.RUNNING.code()], produced, good,
                    produced * equipment.idealCycleSeconds(), gapCounts[0]);
        }
        return this;
    }

    /** Times the source declared the device offline, ascending. */
    private long[] offlineMoments(SampleSource source) {
        java.util.stream.LongStream.Builder times = java.util.stream.LongStream.builder();
        source.scan(equipment.id(), Signals.ONLINE, from - holdMs, to, s -> {
            if (s.good() && s.value() == 0) {
                times.add(s.epochMillis());
            }
        });
        return times.build().toArray();
    }

    /** The first offline moment after {@code t}, or {@link Long#MAX_VALUE}. */
    private long offlineAfter(long t) {
        int i = java.util.Arrays.binarySearch(offline, t + 1);
        int at = i >= 0 ? i : -i - 1;
        return at < offline.length ? offline[at] : Long.MAX_VALUE;
    }

    private static int counterIndex(SignalKind kind) {
        return switch (kind) {
            case COUNT_TOTAL -> 0;
            case COUNT_GOOD -> 1;
            case COUNT_SCRAP -> 2;
            default -> -1;
        };
    }

    /** Planned time inside the slots that hold at least one good sample. */
    private long coveredMs(BitSet slots, long slotMs) {
        long covered = 0;
        for (int i = slots.nextSetBit(0); i >= 0; i = slots.nextSetBit(i + 1)) {
            long a = from + i * slotMs;
            covered += plannedOverlap(a, Math.min(a + slotMs, to));
        }
        return covered;
    }

    /** Length of [a, b) that lies in planned time. */
    private long plannedOverlap(long a, long b) {
        long total = 0;
        for (Interval p : planned) {
            if (p.start() >= b) {
                break;
            }
            long s = Math.max(a, p.start());
            long e = Math.min(b, p.end());
            if (e > s) {
                total += e - s;
            }
        }
        return total;
    }

    double onlineCoverage() {
        long plannedMs = planned.stream().mapToLong(Interval::length).sum();
        return plannedMs == 0 ? 0.0 : coveredMs(hoursWithData, HOUR) / (double) plannedMs;
    }

    Map<String, Double> signalCoverage() {
        return signalCoverage;
    }

    boolean live() {
        return anySample;
    }

    Provenance provenance() {
        return provenance;
    }

    OeeFigures oee() {
        return oee;
    }

    /**
     * Each state sample holds until the next one, but never longer than the hold limit nor past a
     * moment the source declared the device offline: beyond that the time is unknown, never assumed running.
     */
    private final class StateTimeline {
        private final long[] stateMs;
        private Sample previous;

        StateTimeline(long[] stateMs) {
            this.stateMs = stateMs;
        }

        void add(Sample s) {
            if (!s.good()) {
                return;
            }
            if (previous != null) {
                account(previous, Math.min(s.epochMillis(), heldUntil(previous)));
            }
            previous = s;
        }

        void finish() {
            if (previous != null) {
                account(previous, Math.min(to, heldUntil(previous)));
            }
        }

        private long heldUntil(Sample s) {
            return Math.min(s.epochMillis() + holdMs, offlineAfter(s.epochMillis()));
        }

        private void account(Sample s, long end) {
            long start = Math.max(s.epochMillis(), from);
            if (end > start) {
                stateMs[MachineState.ofCode(s.value()).code()] += plannedOverlap(start, Math.min(end, to));
            }
        }
    }

    /**
     * Sums a cumulative counter's increases; a drop is a reset or rollover (the new value counts
     * from zero), and increases across a data gap or an offline moment are reported apart, not
     * attributed to known time.
     */
    private final class CounterIncrease {
        private Sample previous;
        double increase;
        double inGaps;

        void add(Sample s) {
            if (!s.good()) {
                return;
            }
            if (previous != null && s.epochMillis() >= from) {
                double delta = s.value() >= previous.value() ? s.value() - previous.value() : s.value();
                if (s.epochMillis() - previous.epochMillis() > holdMs || offlineAfter(previous.epochMillis()) < s.epochMillis()) {
                    inGaps += delta;
                } else {
                    increase += delta;
                }
            }
            previous = s;
        }
    }
}
