package io.plantproof.evidence;

import io.plantproof.metrics.IndicatorId;

import java.util.List;

/**
 * What {@code evidence verify} found: the verdict, what was and was not established (the report's first lines),
 * the checks (origin, signature, hashes, log, anchors, time, rules) and, per indicator, PASS, FAIL with the
 * reported and recomputed numbers, or UNVERIFIABLE with the reason.
 */
public record VerificationReport(String bundle, String keyFingerprint, Verdict verdict, List<String> established,
                                 List<String> notEstablished, List<Check> checks, List<IndicatorCheck> indicators) {

    /** Outcome of one check. */
    public enum Result { PASS, FAIL, UNVERIFIABLE }

    /** An integrity check; {@code subject} names the file or item it is about. */
    public record Check(CheckKind name, String subject, Result result, String detail) {
    }

    /** One indicator and period, reported vs recomputed. */
    public record IndicatorCheck(IndicatorId indicator, String period, Result result, Double reported, Double recomputed,
                                 String detail) {
    }

    public boolean failed() {
        return verdict == Verdict.FAILED;
    }
}
