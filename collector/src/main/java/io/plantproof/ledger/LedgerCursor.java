package io.plantproof.ledger;

import io.plantproof.ledger.SegmentFiles.Segment;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A forward reader over the ledger's segments with its own chain state, for drainers that resume where they stopped
 * (the store writer, the sealer) and for checks. It verifies each record's CRC, sequence number and chain link and
 * each closed segment's end against its seal; past damage it resynchronises on the next record whose header, CRC and
 * sequence number fit, reports the skipped byte and record range as a {@link Damage}, and reads on.
 */
public final class LedgerCursor implements AutoCloseable {

    /** Records longer than this are taken for damaged lengths (a batch of a million samples is about 60 MB). */
    private static final int MAX_RECORD = 1 << 30;

    /** What a cursor reports besides records. */
    interface Listener {
        void damage(Damage damage);

        /** A closed segment was read to its end with this state (recovery seals a clean one that has no seal). */
        default void segmentEnd(Segment segment, long endSeq, long bytes, byte[] head, boolean damaged) {
        }
    }

    /** Unreadable bytes at the end of the last plain segment, where a crash may have torn the write in progress. */
    record Tail(Segment segment, long offset, long size, String problem) {
    }

    private enum Step { STOPPED, AGAIN, END }

    private final SegmentFiles files;
    private final LongSupplier limit;
    private final Listener listener;
    private final boolean tornTailPossible;

    /** The chain hash the next record must link to; null right after damage, where the link cannot be checked. */
    private byte[] chainHead = new byte[RecordFormat.HASH];
    private long expected;
    private int segmentIndex;
    private long position;
    private long logicalBytes;
    /** Records below this are verified but neither decoded nor returned. */
    private long skipBelow;
    private InputStream compressed;
    private long compressedAt;
    private boolean segmentDamaged;
    /** Where the rest of the current closed segment became unreadable, or -1. */
    private long unreadableFrom = -1;
    private long unreadableEnd;
    private String unreadableProblem;
    /** Where the last segment stopped being readable (a live reader retries once the file grew), or -1. */
    private long stuckAt = -1;
    private long stuckSize;
    private String stuckProblem;
    private Tail tail;

    /**
     * @param limit            the sequence number up to which (excluding) records may be read: what is durable
     * @param tornTailPossible unreadable bytes ending the last plain segment are a {@link Tail} (a crash's torn write),
     *                         not damage: true while the writer is not running (recovery, read-only checks)
     */
    LedgerCursor(SegmentFiles files, LongSupplier limit, Listener listener, boolean tornTailPossible) {
        this.files = files;
        this.limit = limit;
        this.listener = listener;
        this.tornTailPossible = tornTailPossible;
    }

    /**
     * Moves to {@code seq}: jumps to the segment holding it when the segments before it are sealed, then
     * skips (verifying, not decoding) the records before it in that segment.
     */
    public LedgerCursor seek(long seq) {
        if (seq <= expected) {
            return this;
        }
        List<Segment> segments = files.list();
        int sealed = files.sealedPrefix(segments);
        int target = segmentIndex;
        while (target + 1 < segments.size() && target + 1 <= sealed && segments.get(target + 1).firstSeq() <= seq) {
            target++;
        }
        if (target > segmentIndex) {
            closeCompressed();
            startAt(segments, target);
        }
        skipTo(seq);
        return this;
    }

    /** Positions this cursor at the start of segment {@code index}, chaining from the seal before it. */
    void startAt(List<Segment> segments, int index) {
        if (index == 0) {
            return;
        }
        Seal previous = files.seal(segments.get(index - 1).firstSeq());
        segmentIndex = index;
        position = 0;
        chainHead = previous.lastHash();
        expected = previous.endSeq();
        logicalBytes = files.sealedBytesBefore(segments, index);
    }

    /** Reads up to {@code seq} (or the end of what is durable) without handing records out. */
    void skipTo(long seq) {
        skipBelow = Math.max(skipBelow, seq);
        read(Integer.MAX_VALUE, Math.min(seq, limit.getAsLong()));
    }

    /** The sequence number of the next record this cursor returns. */
    public long position() {
        return expected;
    }

    /** Bytes of records passed so far, counted as in the segments (the backlog bound counts from here). */
    long logicalBytes() {
        return logicalBytes;
    }

    /** The chain hash of the last record read (or of the seal started from). */
    byte[] chainHead() {
        return chainHead == null ? null : chainHead.clone();
    }

    /** Byte offset in the current segment. */
    long segmentPosition() {
        return position;
    }

    Tail tail() {
        return tail;
    }

    /** Up to {@code max} further records; empty when the cursor is at the end of what is durable. */
    public List<LedgerEntry> next(int max) {
        return read(max, limit.getAsLong());
    }

    private List<LedgerEntry> read(int max, long limit) {
        List<LedgerEntry> out = new ArrayList<>();
        if (expected >= limit) {
            return out; // a drainer polling an idle ledger lists no folder and opens no file
        }
        try {
            List<Segment> segments = files.list();
            while (out.size() < max && expected < limit && segmentIndex < segments.size()) {
                Segment seg = segments.get(segmentIndex);
                boolean last = segmentIndex + 1 == segments.size();
                Step step = readFrom(seg, last, out, max, limit);
                if (step == Step.STOPPED) {
                    break;
                }
                if (step == Step.END) {
                    if (last) {
                        break;
                    }
                    nextSegment(seg, segments.get(segmentIndex + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ledger " + files.dir() + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Reads records of one segment: STOPPED at {@code max} or {@code limit}, AGAIN after a resync, END when it holds no further one. */
    private Step readFrom(Segment seg, boolean last, List<LedgerEntry> out, int max, long limit) throws IOException {
        if (unreadableFrom >= 0 || tail != null) {
            return Step.END;
        }
        if (seg.compressed()) {
            return readRecords(seg, last, compressedStream(seg), Long.MAX_VALUE, out, max, limit);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(seg.path(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            // compressed since it was listed; continue at the same byte in the compressed form
            return readFrom(seg.asCompressed(), last, out, max, limit);
        }
        try (ch; InputStream in = new BufferedInputStream(Channels.newInputStream(ch.position(position)), 1 << 16)) {
            long size = ch.size();
            if (stuckAt >= 0) {
                if (last && size == stuckSize) {
                    return Step.END;
                }
                stuckAt = -1;
                return resync(seg, last, position, stuckProblem, limit);
            }
            return readRecords(seg, last, in, size, out, max, limit);
        }
    }

    private InputStream compressedStream(Segment seg) throws IOException {
        if (compressed != null && compressedAt != position) {
            closeCompressed();
        }
        if (compressed == null) {
            compressed = new GZIPInputStream(Files.newInputStream(seg.path()), 1 << 16);
            compressed.skipNBytes(position);
            compressedAt = position;
        }
        return compressed;
    }

    private Step readRecords(Segment seg, boolean last, InputStream in, long size, List<LedgerEntry> out, int max, long limit)
            throws IOException {
        byte[] header = new byte[RecordFormat.HEADER];
        while (out.size() < max && expected < limit) {
            String problem;
            try {
                problem = readRecord(in, header, size, out);
            } catch (ZipException | EOFException e) {
                problem = "compressed segment is unreadable after byte " + position + ": " + e.getMessage();
            }
            if (problem == END_OF_SEGMENT) {
                return Step.END;
            }
            if (problem != null) {
                closeCompressed();
                return resync(seg, last, position, problem, limit);
            }
        }
        return Step.STOPPED;
    }

    private static final String END_OF_SEGMENT = "";

    /** Reads one record at {@link #position}; null when it was good, {@link #END_OF_SEGMENT}, or what is wrong with it. */
    private String readRecord(InputStream in, byte[] header, long size, List<LedgerEntry> out) throws IOException {
        int got = in.readNBytes(header, 0, RecordFormat.HEADER);
        if (got == 0) {
            return END_OF_SEGMENT;
        }
        if (got < RecordFormat.HEADER) {
            return "record header at byte " + position + " is cut short (" + got + " of " + RecordFormat.HEADER + " bytes)";
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        int length = h.getInt();
        int crc = h.getInt();
        long seq = h.getLong();
        byte[] hash = new byte[RecordFormat.HASH];
        h.get(hash);
        if (length < 0 || length > MAX_RECORD || position + RecordFormat.HEADER + length > size) {
            return "record at byte " + position + " is cut short or has a damaged length (" + length + " bytes)";
        }
        byte[] payload = in.readNBytes(length);
        compressedAt += got + payload.length;
        if (payload.length < length) {
            return "record at byte " + position + " is cut short (" + payload.length + " of " + length + " payload bytes)";
        }
        if (RecordFormat.crc(payload, 0, length) != crc) {
            return "seq " + seq + " at byte " + position + " fails its CRC (bytes changed on disk)";
        }
        if (seq < expected) {
            return "expected seq " + expected + " at byte " + position + " but found " + seq + " (a record was reordered or repeated)";
        }
        if (seq > expected) {
            report(new Damage(currentName(), currentFirst(), position, position, expected, seq,
                    "expected seq " + expected + " but found " + seq + " (records removed)"));
            chainHead = null;
        }
        if (chainHead != null && !Arrays.equals(hash, RecordFormat.chain(chainHead, seq, payload))) {
            return "seq " + seq + " at byte " + position + " breaks the hash chain";
        }
        if (seq >= skipBelow) {
            LedgerEntry entry;
            try {
                entry = new LedgerEntry(seq, hash, BatchCodec.decode(payload));
            } catch (UncheckedIOException e) {
                return "seq " + seq + " at byte " + position + " cannot be decoded: " + e.getMessage();
            }
            out.add(entry);
        }
        chainHead = hash;
        expected = seq + 1;
        position += RecordFormat.HEADER + length;
        logicalBytes += RecordFormat.HEADER + length;
        return null;
    }

    /**
     * After a problem at byte {@code at}: finds the next record in the rest of the segment and reads on from there,
     * reporting the skipped range; when none follows, the rest of the segment is unreadable (or, at the end of the
     * last segment, a torn tail or bytes a live reader retries once more are written).
     */
    private Step resync(Segment seg, boolean last, long at, String problem, long limit) throws IOException {
        segmentDamaged = true;
        byte[] rest = bytesFrom(seg, at);
        Seal seal = files.seal(seg.firstSeq());
        long bound = seal != null ? Math.min(seal.endSeq(), limit) : limit;
        int q = findRecord(rest, bound);
        if (q > 0) {
            long seq = ByteBuffer.wrap(rest, q + 8, 8).getLong();
            report(new Damage(seg.name(), seg.firstSeq(), at, at + q, expected, seq, problem));
            position = at + q;
            logicalBytes += q;
            expected = seq;
            chainHead = null;
            return Step.AGAIN;
        }
        if (last && !seg.compressed()) {
            if (tornTailPossible) {
                tail = new Tail(seg, at, at + rest.length, problem);
                return Step.END;
            }
            if (expected < limit) {
                report(new Damage(seg.name(), seg.firstSeq(), at, at + rest.length, expected, limit,
                        problem + " (no readable record follows yet)"));
            }
            stuckAt = at;
            stuckSize = at + rest.length;
            stuckProblem = problem;
            return Step.END;
        }
        unreadableFrom = at;
        unreadableEnd = at + rest.length;
        unreadableProblem = problem;
        return Step.END;
    }

    /** The offset in {@code rest} of the first record after its start whose header, sequence number and CRC fit, or -1. */
    private int findRecord(byte[] rest, long bound) {
        ByteBuffer b = ByteBuffer.wrap(rest);
        for (int q = 1; q + RecordFormat.HEADER <= rest.length; q++) {
            int length = b.getInt(q);
            if (length < RecordFormat.MIN_PAYLOAD || length > rest.length - q - RecordFormat.HEADER) {
                continue;
            }
            long seq = b.getLong(q + 8);
            // lost records had to fit into the skipped bytes, which bounds how far the sequence can have moved on
            long furthest = expected + q / (RecordFormat.HEADER + RecordFormat.MIN_PAYLOAD) + 1;
            if (seq < expected || seq >= bound || seq > furthest) {
                continue;
            }
            if (RecordFormat.crc(rest, q + RecordFormat.HEADER, length) == b.getInt(q + 4)) {
                return q;
            }
        }
        return -1;
    }

    /** The segment's (uncompressed) bytes from {@code offset} to its end, or to where its compression breaks. */
    private static byte[] bytesFrom(Segment seg, long offset) throws IOException {
        if (!seg.compressed()) {
            try (FileChannel ch = FileChannel.open(seg.path(), StandardOpenOption.READ)) {
                long size = Math.max(0, ch.size() - offset);
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 8));
                while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
                    // read until full or end of file
                }
                return Arrays.copyOf(buf.array(), buf.position());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(seg.path()), 1 << 16)) {
            in.skipNBytes(offset);
            byte[] chunk = new byte[1 << 16];
            int n;
            while ((n = in.read(chunk)) > 0) {
                out.write(chunk, 0, n);
            }
        } catch (ZipException | EOFException e) {
            // what decompressed before the break is all there is
        }
        return out.toByteArray();
    }

    /** At the end of a closed segment: compares it with its seal, accounts for unreadable bytes, and moves to {@code next}. */
    private void nextSegment(Segment seg, Segment next) {
        Seal seal = files.seal(seg.firstSeq());
        listener.segmentEnd(seg, expected, position, chainHead, segmentDamaged);
        if (unreadableFrom >= 0) {
            long resume = seal != null ? seal.endSeq() : next.firstSeq();
            report(new Damage(seg.name(), seg.firstSeq(), unreadableFrom, unreadableEnd, expected, resume,
                    unreadableProblem + " (nothing readable follows in this segment)"));
            adopt(seal, unreadableEnd);
        } else if (seal != null && (seal.endSeq() != expected || seal.bytes() != position || !Arrays.equals(seal.lastHash(), chainHead))) {
            // a segment cut short loses the records its seal still names; otherwise its own chain is trusted over the seal
            boolean cutShort = expected < seal.endSeq() && seal.endSeq() == next.firstSeq();
            report(new Damage(seg.name(), seg.firstSeq(), position, Math.max(position, seal.bytes()), expected,
                    cutShort ? seal.endSeq() : expected,
                    "ends at seq " + (expected - 1) + " after " + position + " bytes, but its seal says seq " + (seal.endSeq() - 1)
                            + " after " + seal.bytes() + " bytes" + (Arrays.equals(seal.lastHash(), chainHead) ? "" : " with another chain hash")
                            + " (the segment or its .seal file was changed)"));
            if (cutShort) {
                adopt(seal, position);
            }
        }
        closeCompressed();
        segmentIndex++;
        position = 0;
        unreadableFrom = -1;
        segmentDamaged = false;
        if (next.firstSeq() != expected) {
            report(new Damage(next.name(), next.firstSeq(), 0, 0, Math.min(expected, next.firstSeq()), next.firstSeq(),
                    next.firstSeq() > expected
                            ? "the previous segment ends before seq " + expected + " and this one starts at seq " + next.firstSeq()
                            + " (a segment file is missing)"
                            : "starts at seq " + next.firstSeq() + " though the previous segment reached seq " + (expected - 1)
                            + " (overlapping segments)"));
            expected = next.firstSeq();
            chainHead = null;
        }
    }

    /** Continues after a damaged segment from its seal (the writer's own account of where it ended), when there is one. */
    private void adopt(Seal seal, long readTo) {
        if (seal != null) {
            logicalBytes += Math.max(0, seal.bytes() - position);
            expected = seal.endSeq();
            chainHead = seal.lastHash();
        } else {
            logicalBytes += Math.max(0, readTo - position);
            chainHead = null;
        }
    }

    private void report(Damage damage) {
        segmentDamaged = true;
        listener.damage(damage);
    }

    private String currentName() {
        List<Segment> segments = files.list();
        return segmentIndex < segments.size() ? segments.get(segmentIndex).name() : "?";
    }

    private long currentFirst() {
        List<Segment> segments = files.list();
        return segmentIndex < segments.size() ? segments.get(segmentIndex).firstSeq() : -1;
    }

    private void closeCompressed() {
        if (compressed != null) {
            try {
                compressed.close();
            } catch (IOException e) {
                // a read-only stream; nothing was lost by failing to close it
            }
            compressed = null;
        }
    }

    @Override
    public void close() {
        closeCompressed();
    }
}
