package io.plantproof.evidence;

import java.util.List;

/**
 * The RFC 9162 audit path from one chunk's leaf to the root of the bundle's checkpoint, stored in a format-2
 * bundle as {@code proofs/<chunk path>.json}; path elements are hex SHA-256 node hashes, leaf side first. Format 3
 * carries a c2sp.org/tlog-proof at {@link #tlogPath} instead.
 */
public record InclusionProof(String chunk, long leafIndex, long treeSize, List<String> auditPath) {

    /** Where the proof of the chunk at {@code chunkPath} (relative to {@code chunks/}) lives in a bundle. */
    public static String path(String chunkPath) {
        return "proofs/" + chunkPath + ".json";
    }

    /** Format 3: where the self-contained tlog-proof of the chunk at {@code chunkPath} lives in a bundle. */
    public static String tlogPath(String chunkPath) {
        return "proofs/" + chunkPath + io.plantproof.tlog.TlogProof.EXTENSION;
    }
}
