package io.plantproof.evidence;

import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.Signer;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;

/**
 * A signed statement of the evidence log's size and root at a time. Plants hand checkpoints to
 * reviewers ahead of an application; a later bundle must be consistent with them.
 */
public record Checkpoint(long treeSize, String root, Instant time, String keyFingerprint, String signature) {

    /** The exact bytes the signature covers. */
    public static byte[] signedText(long treeSize, String root, Instant time, String keyFingerprint) {
        return ("plantproof-checkpoint 1\nsize=" + treeSize + "\nroot=" + root + "\ntime=" + time + "\nkey="
                + keyFingerprint + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public boolean verify(PublicKey key) {
        return Signer.fingerprint(key).equals(keyFingerprint)
                && Signer.verify(key, signedText(treeSize, root, time, keyFingerprint), Base64.getDecoder().decode(signature));
    }

    public byte[] rootBytes() {
        return Hashes.unhex(root);
    }
}
