package io.plantproof.evidence;

import java.util.List;

/**
 * The RFC 9162 consistency proof that an earlier signed checkpoint's tree is a prefix of the bundle
 * checkpoint's tree, stored as {@code proofs/consistency-<earlier size>.json}; path elements are hex node hashes.
 */
public record ConsistencyProof(Checkpoint from, long treeSize, List<String> path) {

    public static final String PREFIX = "proofs/consistency-";

    /** Where the proof from an earlier checkpoint of {@code fromSize} leaves lives in a bundle. */
    public static String path(long fromSize) {
        return PREFIX + fromSize + ".json";
    }
}
