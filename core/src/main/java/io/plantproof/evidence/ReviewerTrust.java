package io.plantproof.evidence;

import java.util.List;

/**
 * What the reviewer brings to a verification, from outside the bundle: the collector key's fingerprint
 * as registered ({@code --key}, or {@code null}) and the checkpoints the plant filed earlier.
 */
public record ReviewerTrust(String pinnedKey, List<Checkpoint> filed) {

    public ReviewerTrust {
        filed = filed == null ? List.of() : List.copyOf(filed);
    }

    /** Nothing from outside: integrity can be checked, origin and time cannot. */
    public static ReviewerTrust none() {
        return new ReviewerTrust(null, List.of());
    }

    /** Only the registered key's fingerprint. */
    public static ReviewerTrust pinned(String fingerprint) {
        return new ReviewerTrust(fingerprint, List.of());
    }
}
