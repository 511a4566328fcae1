package io.plantproof.evidence;

/**
 * The overall outcome of verifying a bundle and the exit code {@code evidence verify} returns for it
 * (docs/trust.md, "Reading the report"). Only {@link #VERIFIED} exits 0: a bundle nothing is wrong with
 * but whose origin, rules or time could not be established is not verified, and says which.
 */
public enum Verdict {
    /** Origin, integrity, official rules, recomputation and time all established. */
    VERIFIED("VERIFIED", 0),
    /** A check failed: the output names the file or item and why. */
    FAILED("VERIFICATION FAILED", 1),
    /** Nothing failed, but no pinned key or trust policy says who made the bundle. */
    ORIGIN_NOT_ESTABLISHED("INTACT-ORIGIN-NOT-ESTABLISHED", 3),
    /** Nothing failed and the origin is established, but some evidence in scope has no trusted anchor in time. */
    NOT_ANCHORED("INTACT-NOT-ANCHORED", 4),
    /** Nothing failed, but the bundle names a rule set this verifier has no official copy of. */
    UNVERIFIABLE("UNVERIFIABLE", 5);

    private final String label;
    private final int exitCode;

    Verdict(String label, int exitCode) {
        this.label = label;
        this.exitCode = exitCode;
    }

    /** The word the report prints, e.g. {@code INTACT-ORIGIN-NOT-ESTABLISHED}. */
    public String label() {
        return label;
    }

    public int exitCode() {
        return exitCode;
    }
}
