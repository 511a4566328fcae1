package io.plantproof.ledger;

import io.plantproof.merkle.Hashes;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.zip.CRC32C;

/**
 * One ledger record on disk: {@code int length, int crc32c(payload), long seq, byte[32] chainHash, payload}, where
 * chainHash = SHA-256(previous chainHash || seq || payload) and the first record chains from 32 zero bytes.
 */
final class RecordFormat {

    static final int HEADER = 4 + 4 + 8 + 32;
    static final int HASH = 32;
    /** The smallest payload {@link BatchCodec} writes (marker, version, empty source, count); resync skips shorter. */
    static final int MIN_PAYLOAD = 2 + 1 + 2 + 4;

    private RecordFormat() {
    }

    static byte[] chain(byte[] previous, long seq, byte[] payload) {
        MessageDigest d = Hashes.sha256();
        d.update(previous);
        d.update(ByteBuffer.allocate(8).putLong(seq).array());
        d.update(payload);
        return d.digest();
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** Appends the record to {@code out}, which must have room for {@link #HEADER} plus the payload. */
    static void put(ByteBuffer out, long seq, byte[] hash, byte[] payload) {
        out.putInt(payload.length).putInt(crc(payload, 0, payload.length)).putLong(seq).put(hash).put(payload);
    }
}
