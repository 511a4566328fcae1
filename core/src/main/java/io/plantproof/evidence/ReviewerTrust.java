package io.plantproof.evidence;

import io.plantproof.tlog.TrustPolicy;

import java.util.List;

/**
 * What the reviewer brings to a verification from outside the bundle: the collector key's fingerprint as registered
 * ({@code --key}, or {@code null}), a trust policy ({@code --policy}: trusted collector keys, witnesses, quorum and
 * TSA roots, or {@code null}) and the checkpoints the plant filed with the office ({@code --checkpoints}).
 */
public record ReviewerTrust(String pinnedKey, TrustPolicy policy, List<FiledCheckpoint> filed) {

    public ReviewerTrust {
        filed = filed == null ? List.of() : List.copyOf(filed);
    }
}
