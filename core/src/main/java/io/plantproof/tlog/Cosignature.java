package io.plantproof.tlog;

import io.plantproof.merkle.Signer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Ed25519 checkpoint cosignatures, {@code cosignature/v1} of c2sp.org/tlog-cosignature: a witness's statement that,
 * at {@code timestamp} (POSIX seconds), the checkpoint was the largest consistent tree it had seen for the origin.
 * The signature bytes are key ID (4) || timestamp (8, big-endian) || Ed25519 signature (64) over
 * {@code "cosignature/v1\ntime <timestamp>\n"} followed by the whole checkpoint text.
 */
public final class Cosignature {

    private static final int LENGTH = 4 + 8 + 64;

    /** A verified cosignature: who, and when they said they saw the checkpoint. */
    public record Verified(NoteKey cosigner, Instant time) {
    }

    private Cosignature() {
    }

    /** The message a cosigner signs (tlog-cosignature, "Ed25519 signed message"). */
    public static byte[] message(long timestamp, String checkpointText) {
        return ("cosignature/v1\ntime " + timestamp + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }

    /** Cosigns a checkpoint's text with a cosigner key (type 0x04); {@code sign} holds its private half. */
    public static Note.Signature sign(NoteKey cosigner, Instant time, String checkpointText, Function<byte[], byte[]> sign) {
        if (cosigner.type() != NoteKey.COSIGNATURE) {
            throw new IllegalArgumentException(cosigner.name() + " is not a cosigner key (type 0x04)");
        }
        long timestamp = time.getEpochSecond();
        byte[] signature = sign.apply(message(timestamp, checkpointText));
        byte[] bytes = ByteBuffer.allocate(LENGTH).putInt(cosigner.keyId()).putLong(timestamp).put(signature).array();
        return new Note.Signature(cosigner.name(), bytes);
    }

    /**
     * The cosignature of {@code cosigner} on the note: {@link Note.Check#ABSENT} when it has none, VALID with its time,
     * or INVALID (wrong length, timestamp beyond 2^63 - 1, or a signature that does not verify).
     */
    public static Result verify(Note note, NoteKey cosigner) {
        if (cosigner.type() != NoteKey.COSIGNATURE) {
            throw new IllegalArgumentException(cosigner.name() + " is not a cosigner key (type 0x04)");
        }
        Result out = new Result(Note.Check.ABSENT, null);
        for (Note.Signature s : note.signatures()) {
            if (!s.by(cosigner)) {
                continue;
            }
            byte[] bytes = s.bytes();
            if (bytes.length != LENGTH) {
                return new Result(Note.Check.INVALID, null);
            }
            long timestamp = ByteBuffer.wrap(bytes, 4, 8).getLong();
            byte[] signature = Arrays.copyOfRange(bytes, 12, LENGTH);
            if (timestamp < 0 || !Signer.verify(cosigner.javaKey(), message(timestamp, note.text()), signature)) {
                return new Result(Note.Check.INVALID, null);
            }
            Instant time = Instant.ofEpochSecond(timestamp);
            if (out.time() == null || time.isBefore(out.time())) {
                out = new Result(Note.Check.VALID, time);
            }
        }
        return out;
    }

    /** What {@link #verify} found; {@code time} is set when VALID (the earliest, should a witness have cosigned twice). */
    public record Result(Note.Check check, Instant time) {
    }
}
