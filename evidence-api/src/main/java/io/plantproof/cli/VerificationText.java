package io.plantproof.cli;

import io.plantproof.evidence.VerificationReport;
import io.plantproof.evidence.VerificationReport.Result;

import java.util.Locale;

/**
 * The readable form of a verification report: the verdict and what was and was not established first,
 * then the checks, each indicator, and the verdict again as the last line.
 */
final class VerificationText {

    private VerificationText() {
    }

    static String render(VerificationReport r) {
        StringBuilder out = new StringBuilder(r.verdict().label() + ": " + r.bundle() + "\n");
        r.established().forEach(line -> out.append("  established:     ").append(line).append('\n'));
        r.notEstablished().forEach(line -> out.append("  NOT established: ").append(line).append('\n'));
        out.append('\n');
        for (var c : r.checks()) {
            out.append(String.format(Locale.ROOT, "%-13s %-10s %s: %s%n", c.result(), c.name(), c.subject(), c.detail()));
        }
        for (var i : r.indicators()) {
            out.append(String.format(Locale.ROOT, "%-13s %-24s %-8s %s%n", i.result(), i.indicator(), i.period(),
                    i.result() == Result.FAIL ? "reported " + i.reported() + ", recomputed " + i.recomputed() : i.detail()));
        }
        long pass = r.indicators().stream().filter(i -> i.result() == Result.PASS).count();
        long fail = r.indicators().stream().filter(i -> i.result() == Result.FAIL).count();
        long unverifiable = r.indicators().stream().filter(i -> i.result() == Result.UNVERIFIABLE).count();
        long failedChecks = r.checks().stream().filter(c -> c.result() == Result.FAIL).count();
        out.append(String.format(Locale.ROOT, "%nsummary: %d indicator values PASS, %d FAIL, %d UNVERIFIABLE; %d check(s) failed%n",
                pass, fail, unverifiable, failedChecks));
        out.append(r.verdict().label()).append(" (exit ").append(r.verdict().exitCode()).append(")\n");
        return out.toString();
    }
}
