package io.plantproof.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6962 / RFC 9162 Merkle tree over leaf hashes: roots of any prefix, inclusion and consistency
 * proofs, and their verification. Leaves hash as SHA-256(0x00 || data), nodes as SHA-256(0x01 || left || right).
 */
public final class MerkleTree {

    /**
     * levels[h][i] is the root of the complete subtree over leaves [i * 2^h, (i + 1) * 2^h): every
     * range the RFC recursion visits is then a few lookups, so a proof costs O(log^2 n), not O(n).
     */
    private final List<byte[][]> levels = new ArrayList<>();

    private MerkleTree(List<byte[]> leafHashes) {
        byte[][] level = leafHashes.toArray(new byte[0][]);
        levels.add(level);
        while (level.length > 1) {
            byte[][] up = new byte[level.length / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] = nodeHash(level[2 * i], level[2 * i + 1]);
            }
            levels.add(up);
            level = up;
        }
    }

    /** The tree over the given leaf hashes, in log order. */
    public static MerkleTree of(List<byte[]> leafHashes) {
        return new MerkleTree(leafHashes);
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
        return of(leafHashes).root(leafHashes.size());
    }

    public int size() {
        return levels.get(0).length;
    }

    /** The root of the first {@code treeSize} leaves: what a checkpoint of that size signed. */
    public byte[] root(int treeSize) {
        checkSize(treeSize);
        return range(0, treeSize);
    }

    /** MTH(D[from:to]) for a range the RFC recursion visits: {@code from} is a multiple of its left part. */
    private byte[] range(int from, int to) {
        int n = to - from;
        if (n == 0) {
            return Hashes.sha256(new byte[0]);
        }
        if (Integer.bitCount(n) == 1 && from % n == 0) {
            return levels.get(Integer.numberOfTrailingZeros(n))[from / n];
        }
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(range(from, from + k), range(from + k, to));
    }

    /** The audit path of leaf {@code index} in the tree of the first {@code treeSize} leaves (RFC 9162 PATH). */
    public List<byte[]> inclusionProof(int index, int treeSize) {
        checkSize(treeSize);
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + treeSize);
        }
        List<byte[]> path = new ArrayList<>();
        path(index, 0, treeSize, path);
        return path;
    }

    private void path(int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n <= 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, from, from + k, out);
            out.add(range(from + k, to));
        } else {
            path(m - k, from + k, to, out);
            out.add(range(from, from + k));
        }
    }

    /** The proof that the tree of the first {@code first} leaves is a prefix of the first {@code second} (RFC 9162 PROOF). */
    public List<byte[]> consistencyProof(int first, int second) {
        checkSize(second);
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from size " + first + " to size " + second);
        }
        List<byte[]> proof = new ArrayList<>();
        if (first > 0) {
            subproof(first, 0, second, true, proof);
        }
        return proof;
    }

    private void subproof(int m, int from, int to, boolean complete, List<byte[]> out) {
        int n = to - from;
        if (m == n) {
            if (!complete) {
                out.add(range(from, to));
            }
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, from, from + k, complete, out);
            out.add(range(from + k, to));
        } else {
            subproof(m - k, from + k, to, false, out);
            out.add(range(from, from + k));
        }
    }

    /** Checks an inclusion proof (RFC 9162 section 2.1.3.2). */
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
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /**
     * Checks that the tree of size {@code first} with root {@code firstRoot} is a prefix of the tree of
     * size {@code second} with root {@code secondRoot} (RFC 9162 section 2.1.4.2). Every tree extends the empty one.
     */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first < 0 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (first == 0) {
            return proof.isEmpty();
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        if (path.isEmpty()) {
            return false;
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    private void checkSize(int treeSize) {
        if (treeSize < 0 || treeSize > size()) {
            throw new IllegalArgumentException("tree size " + treeSize + " is outside the " + size() + " leaves known");
        }
    }

    private static int largestPowerOfTwoBelow(int n) {
        int k = Integer.highestOneBit(n);
        return k == n ? k >> 1 : k;
    }
}
