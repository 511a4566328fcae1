package io.plantproof.cli;

import io.plantproof.evidence.VerificationReport;
import io.plantproof.evidence.VerificationReport.Result;

import java.util.Locale;

/**
 * The readable form of a verification report: integrity checks, then each indicator, then a verdict.
 */
final class VerificationText {

    private VerificationText() {
    }

    static String render(VerificationReport r) {
        StringBuilder out = new StringBuilder("verifying " + r.bundle() + "\n");
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
        out.append(String.format(Locale.ROOT, "%nsummary: %d indicator values PASS, %d FAIL, %d UNVERIFIABLE; %d integrity check(s) failed%n",
                pass, fail, unverifiable, failedChecks));
        out.append(r.failed() ? "VERIFICATION FAILED\n" : "VERIFIED" + (r.keyPinned() ? "" : " (key not pinned)") + "\n");
        return out.toString();
    }
}
