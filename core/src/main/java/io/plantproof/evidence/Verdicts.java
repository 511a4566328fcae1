package io.plantproof.evidence;

import io.plantproof.evidence.VerificationReport.Check;
import io.plantproof.evidence.VerificationReport.IndicatorCheck;
import io.plantproof.evidence.VerificationReport.Result;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the checks of a verification into its verdict and the report's first lines: what was established and what
 * was not. Fail closed: the verdict is {@link Verdict#VERIFIED} only when nothing failed and origin, official rules
 * and time are all established; otherwise the first ground missing, in that order, names the verdict.
 */
final class Verdicts {

    /** The check that says who made the bundle: the key against the pinned fingerprint or the policy. */
    static final CheckKind ORIGIN = CheckKind.KEY;

    private Verdicts() {
    }

    static VerificationReport report(String bundle, String fingerprint, List<Check> checks, List<IndicatorCheck> indicators) {
        List<String> established = new ArrayList<>();
        List<String> not = new ArrayList<>();
        long failed = checks.stream().filter(c -> c.result() == Result.FAIL).count()
                + indicators.stream().filter(i -> i.result() == Result.FAIL).count();
        if (failed > 0) {
            not.add("integrity and content: " + failed + " check(s) FAILED, named below");
        } else {
            established.add("integrity: the statement is signed by " + fingerprint
                    + " and every file, chunk and proof in the bundle matches it");
        }
        Check origin = checks.stream().filter(c -> c.name() == ORIGIN).findFirst().orElse(null);
        boolean originEstablished = origin != null && origin.result() == Result.PASS;
        if (originEstablished) {
            established.add("origin: " + origin.detail());
        } else if (origin == null || origin.result() == Result.UNVERIFIABLE) {
            not.add("origin: who made this bundle is not established; no --key FINGERPRINT or --policy FILE was given, "
                    + "and anyone can make a self-consistent bundle with a key of their own");
        }
        boolean rulesKnown = true;
        for (Check c : checks) {
            if (c.name() == CheckKind.RULESET) {
                rulesKnown = c.result() != Result.UNVERIFIABLE;
                (c.result() == Result.PASS ? established : not).add("rules: " + c.detail());
            }
        }
        boolean anchored = true;
        for (Check c : checks) {
            if (c.name() == CheckKind.TIME) {
                anchored &= c.result() != Result.UNVERIFIABLE;
                (c.result() == Result.PASS ? established : not).add("time, " + c.subject() + ": " + c.detail());
            }
        }
        if (failed == 0 && !indicators.isEmpty()) {
            long pass = indicators.stream().filter(i -> i.result() == Result.PASS).count();
            established.add("recomputation: " + pass + " indicator value(s) recomputed from the raw chunks and identical; "
                    + (indicators.size() - pass) + " without a value or from DECLARED entries only (UNVERIFIABLE)");
        }
        not.add("what no signature can prove: that the sensors and exports told the truth; anchors prove when and by which "
                + "key the data was recorded");
        Verdict verdict = failed > 0 ? Verdict.FAILED
                : !originEstablished ? Verdict.ORIGIN_NOT_ESTABLISHED
                : !rulesKnown ? Verdict.UNVERIFIABLE
                : !anchored ? Verdict.NOT_ANCHORED
                : Verdict.VERIFIED;
        return new VerificationReport(bundle, fingerprint, verdict, List.copyOf(established), List.copyOf(not),
                List.copyOf(checks), List.copyOf(indicators));
    }
}
