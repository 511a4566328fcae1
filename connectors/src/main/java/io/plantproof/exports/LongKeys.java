package io.plantproof.exports;

import java.nio.charset.StandardCharsets;

/**
 * A compact set of 64-bit key hashes, each with the row that first used it: duplicate detection over
 * a million historian rows in about 24 MB instead of a HashMap of strings. A false duplicate needs a
 * 64-bit hash collision (about 3e-8 for a million keys).
 */
final class LongKeys {

    private static final long EMPTY = 0L;
    private long[] keys = new long[1024];
    private int[] rows = new int[1024];
    private int size;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** The FNV-1a 64-bit hash of a key's UTF-8 bytes; never 0, which marks a free slot. */
    static long hash(String key) {
        long h = FNV_OFFSET;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return h == EMPTY ? 1 : h;
    }

    /**
     * The hash of the key {@code a|b|n} without building it (one historian row each): FNV-1a over the characters of
     * both texts, a separator, and the number's eight bytes. Never 0.
     */
    static long hash(String a, String b, long n) {
        long h = chars(chars(FNV_OFFSET, a), b);
        for (int shift = 56; shift >= 0; shift -= 8) {
            h = (h ^ ((n >>> shift) & 0xff)) * FNV_PRIME;
        }
        return h == EMPTY ? 1 : h;
    }

    private static long chars(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h = (h ^ (c >>> 8)) * FNV_PRIME;
            h = (h ^ (c & 0xff)) * FNV_PRIME;
        }
        // the separator is no character, so "ab|c" and "a|bc" differ
        return (h ^ 0x1ff) * FNV_PRIME;
    }

    /** Adds the key for {@code row}; returns the row that already had it, or 0 if it is new. */
    int putIfAbsent(long key, int row) {
        if (size * 2 >= keys.length) {
            grow();
        }
        int i = slot(keys, key);
        if (keys[i] == key) {
            return rows[i];
        }
        keys[i] = key;
        rows[i] = row;
        size++;
        return 0;
    }

    boolean contains(long key) {
        return keys[slot(keys, key)] == key;
    }

    private static int slot(long[] table, long key) {
        int mask = table.length - 1;
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (table[i] != EMPTY && table[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldRows = rows;
        keys = new long[oldKeys.length * 2];
        rows = new int[oldKeys.length * 2];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = slot(keys, oldKeys[j]);
                keys[i] = oldKeys[j];
                rows[i] = oldRows[j];
            }
        }
    }
}
