package io.plantproof.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6962 Merkle tree hashing over leaf hashes: root, inclusion proofs and their verification.
 * Leaves are hashed as SHA-256(0x00 || data) and nodes as SHA-256(0x01 || left || right).
 */
public final class MerkleTree {

    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] data) {
        MessageDigest d = Hashes.sha256();
        d.update((byte) 0);
        d.update(data);
        return d.digest();
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = Hashes.sha256();
        d.update((byte) 1);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /** The root of the tree whose leaf hashes are given (MTH of RFC 6962; the empty tree hashes the empty string). */
    public static byte[] root(List<byte[]> leafHashes) {
        return root(leafHashes, 0, leafHashes.size());
    }

    private static byte[] root(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return Hashes.sha256(new byte[0]);
        }
        if (n == 1) {
            return leaves.get(from);
        }
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(root(leaves, from, from + k), root(leaves, from + k, to));
    }

    /** The audit path of leaf {@code index} in the tree of the given leaf hashes (RFC 6962 PATH). */
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, int index) {
        if (index < 0 || index >= leafHashes.size()) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + leafHashes.size());
        }
        List<byte[]> path = new ArrayList<>();
        path(leafHashes, index, 0, leafHashes.size(), path);
        return path;
    }

    private static void path(List<byte[]> leaves, int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n <= 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(leaves, m, from, from + k, out);
            out.add(root(leaves, from + k, to));
        } else {
            path(leaves, m - k, from + k, to, out);
            out.add(root(leaves, from, from + k));
        }
    }

    /** Checks an inclusion proof (RFC 9162 section 2.1.3.2 algorithm). */
    public static boolean verifyInclusion(byte[] leafHash, long index, long treeSize, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= treeSize) {
            return false;
        }
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    private static int largestPowerOfTwoBelow(int n) {
        int k = Integer.highestOneBit(n);
        return k == n ? k >> 1 : k;
    }
}
