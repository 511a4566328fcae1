package io.plantproof.sample;

/**
 * Where an input value comes from, strongest first.
 * An indicator carries the weakest provenance of its inputs, so a reviewer sees at once what was declared.
 */
public enum Provenance {
    /** Telemetry received from a device connector and recorded in the ledger. */
    MEASURED,
    /** Read from an export file whose original bytes are kept and hashed. */
    IMPORTED,
    /** Entered by the applicant in the register or the plant file. */
    DECLARED;

    /** The weaker of two provenances; {@code null} counts as "no input yet". */
    public static Provenance weakest(Provenance a, Provenance b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
