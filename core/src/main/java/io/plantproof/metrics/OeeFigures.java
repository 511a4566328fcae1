package io.plantproof.metrics;

/**
 * The ISO 22400-2 time and quantity elements behind OEE, in milliseconds and pieces. Groups add
 * these up and derive their ratios from the sums, never by averaging ratios.
 * {@code unknownMs} is planned time without data: it is neither running nor down.
 */
public record OeeFigures(long plannedMs, long plannedStopMs, long unknownMs, long runningMs, double produced,
                         double good, double idealSeconds, double countsInGaps) {

    public static final OeeFigures ZERO = new OeeFigures(0, 0, 0, 0, 0, 0, 0, 0);

    /** Planned busy time (PBT): planned time less planned stops and less time without data. */
    public long plannedBusyMs() {
        return plannedMs - plannedStopMs - unknownMs;
    }

    public Double availability() {
        return plannedBusyMs() > 0 ? (double) runningMs / plannedBusyMs() : null;
    }

    public Double performance() {
        return runningMs > 0 && produced > 0 ? idealSeconds * 1000.0 / runningMs : null;
    }

    public Double quality() {
        return produced > 0 ? good / produced : null;
    }

    public Double oee() {
        Double a = availability();
        Double p = performance();
        Double q = quality();
        return a == null || p == null || q == null ? null : a * p * q;
    }

    public OeeFigures plus(OeeFigures o) {
        return new OeeFigures(plannedMs + o.plannedMs, plannedStopMs + o.plannedStopMs, unknownMs + o.unknownMs,
                runningMs + o.runningMs, produced + o.produced, good + o.good, idealSeconds + o.idealSeconds,
                countsInGaps + o.countsInGaps);
    }
}
