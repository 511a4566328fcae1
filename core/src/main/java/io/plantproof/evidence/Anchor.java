package io.plantproof.evidence;

import java.time.Instant;

/**
 * A time, established outside the applicant, by which the first {@code treeSize} leaves of the evidence log existed:
 * a checkpoint the reviewer's office holds (filed), a witness quorum's cosignatures, or an RFC 3161 time-stamp.
 */
public record Anchor(Kind kind, String by, Instant time, long treeSize) {

    /** Where the time comes from. */
    public enum Kind {
        FILED("filed checkpoint"), WITNESS("witness"), TIMESTAMP("time-stamp authority");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** E.g. {@code witness jxj.example/w1 on 2025-03-02T00:12:00Z (checkpoint of 14 leaves)}. */
    public String describe() {
        return kind.label() + " " + by + " on " + time + " (checkpoint of " + treeSize + " leaves)";
    }
}
