package io.plantproof.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs a PlantProof figure and its peer's interleaved (A, B, A, B …) so both see the same machine load, and prints
 * min/median/max of each and of the per-round ratio. A round's figure is a rate (higher is better) or a time.
 */
final class Trials {

    /** One timed run returning its figure; it may print a line of detail. */
    @FunctionalInterface
    interface Trial {
        double run() throws Exception;
    }

    /** Whether a bigger figure is better (a rate) or a smaller one (a time). */
    enum Better { HIGHER, LOWER }

    /** The outcome of an interleaved comparison: the figures of A and B per round and the target on A/B. */
    record Comparison(String name, String unit, Better better, double[] a, double[] b, double target) {

        double[] ratios() {
            double[] r = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                r[i] = a[i] / b[i];
            }
            return r;
        }

        /** Whether the median ratio meets the target (A/B at least it for rates, at most it for times). */
        boolean met() {
            double m = median(ratios());
            return better == Better.HIGHER ? m >= target : m <= target;
        }

        String summary() {
            return String.format(Locale.ROOT, "%-34s ratio %s (target %s %.2f): %s", name, stats(ratios(), "%.2f"),
                    better == Better.HIGHER ? "≥" : "≤", target, met() ? "met" : "NOT met");
        }
    }

    private Trials() {
    }

    /** Runs {@code warmup} untimed rounds of both, then {@code rounds} interleaved timed rounds, and prints them. */
    static Comparison compare(String name, String unit, Better better, double target, int warmup, int rounds,
                              String aName, Trial a, String bName, Trial b) throws Exception {
        for (int i = 0; i < warmup; i++) {
            System.out.printf("%s: warm-up round %d%n", name, i + 1);
            a.run();
            b.run();
        }
        double[] as = new double[rounds];
        double[] bs = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            // alternate who goes first, so neither always runs on a machine the other just warmed or loaded
            if (i % 2 == 0) {
                as[i] = a.run();
                bs[i] = b.run();
            } else {
                bs[i] = b.run();
                as[i] = a.run();
            }
            System.out.printf(Locale.ROOT, "%s round %d: %s %,.2f %s, %s %,.2f %s, ratio %.3f; load %s%n", name, i + 1,
                    aName, as[i], unit, bName, bs[i], unit, as[i] / bs[i], loadAverage());
        }
        Comparison c = new Comparison(name, unit, better, as, bs, target);
        System.out.printf(Locale.ROOT, "%s%n  %-28s %s %s%n  %-28s %s %s%n  %s%n", name, aName, stats(as, "%,.2f"), unit,
                bName, stats(bs, "%,.2f"), unit, c.summary());
        return c;
    }

    /** Runs one figure without a peer {@code rounds} times and prints min/median/max. */
    static double[] repeat(String name, String unit, int rounds, Trial t) throws Exception {
        double[] v = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            v[i] = t.run();
            System.out.printf(Locale.ROOT, "%s round %d: %,.2f %s; load %s%n", name, i + 1, v[i], unit, loadAverage());
        }
        System.out.printf(Locale.ROOT, "%s: %s %s%n", name, stats(v, "%,.2f"), unit);
        return v;
    }

    static String stats(double[] values, String format) {
        double[] s = values.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "min " + format + " median " + format + " max " + format, s[0], median(s),
                s[s.length - 1]);
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The 1-, 5- and 15-minute load averages, since the machine is shared. */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Collects comparisons for the closing summary. */
    static final class Summary {
        private final List<String> lines = new ArrayList<>();

        void add(Comparison c) {
            lines.add(c.summary());
        }

        void add(String line) {
            lines.add(line);
        }

        void print() {
            System.out.println("\n== summary (" + Runtime.getRuntime().availableProcessors() + " CPUs, load " + loadAverage() + ")");
            lines.forEach(l -> System.out.println("  " + l));
        }
    }
}
