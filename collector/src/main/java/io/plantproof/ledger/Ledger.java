package io.plantproof.ledger;

import io.plantproof.merkle.Hashes;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The write-ahead ledger: every accepted batch is appended, hash-chained and fsync'd before
 * {@link #accept} returns, so whatever a connector acknowledged survives a crash.
 * Concurrent appenders share one fsync (group commit).
 *
 * <p>Record layout: {@code int length, int crc32c, long seq, byte[32] chainHash, payload}, where
 * chainHash = SHA-256(previous chainHash || seq || payload) and the first record chains from 32 zero bytes.
 */
public final class Ledger implements SampleSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final int HEADER = 4 + 4 + 8 + 32;
    static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    private final Path dir;
    private final long segmentBytes;
    private final Object appendLock = new Object();
    private final Object syncLock = new Object();
    private FileChannel channel;
    private Path segment;
    private long nextSeq;
    private byte[] head;
    private long written;
    private volatile long synced;
    private final RecoveryReport recovery;

    /** What opening the ledger found: records kept and bytes discarded from a torn tail. */
    public record RecoveryReport(long records, long discardedBytes, String segment, String damage) {
    }

    private Ledger(Path dir, long segmentBytes) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        Files.createDirectories(dir);
        this.recovery = recover();
    }

    public static Ledger open(Path dir) {
        return open(dir, DEFAULT_SEGMENT_BYTES);
    }

    public static Ledger open(Path dir, long segmentBytes) {
        try {
            return new Ledger(dir, segmentBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open ledger in " + dir + ": " + e.getMessage(), e);
        }
    }

    public RecoveryReport recovery() {
        return recovery;
    }

    /** Sequence number the next batch will get; also the number of durable records. */
    public long nextSeq() {
        return synced;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void accept(SampleBatch batch) {
        append(batch);
    }

    /** Appends a batch and returns its sequence number once it is on disk. */
    public long append(SampleBatch batch) {
        byte[] payload = BatchCodec.encode(batch);
        long seq;
        try {
            synchronized (appendLock) {
                if (written >= segmentBytes) {
                    roll();
                }
                seq = nextSeq;
                byte[] hash = chain(head, seq, payload);
                ByteBuffer buf = ByteBuffer.allocate(HEADER + payload.length);
                CRC32C crc = new CRC32C();
                crc.update(payload);
                buf.putInt(payload.length).putInt((int) crc.getValue()).putLong(seq).put(hash).put(payload).flip();
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                written += HEADER + payload.length;
                head = hash;
                nextSeq = seq + 1;
            }
            sync(seq + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("ledger append failed in " + segment + ": " + e.getMessage(), e);
        }
        return seq;
    }

    /** Forces the log to disk unless another appender's fsync already covered {@code upTo}. */
    private void sync(long upTo) throws IOException {
        if (synced >= upTo) {
            return;
        }
        synchronized (syncLock) {
            if (synced >= upTo) {
                return;
            }
            long target;
            FileChannel ch;
            synchronized (appendLock) {
                target = nextSeq;
                ch = channel;
            }
            ch.force(false);
            synced = target;
        }
    }

    private void roll() throws IOException {
        channel.force(false);
        channel.close();
        openSegment(segmentName(nextSeq));
    }

    private void openSegment(Path path) throws IOException {
        segment = path;
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        written = channel.size();
        channel.position(written);
    }

    private Path segmentName(long firstSeq) {
        return dir.resolve(String.format("segment-%016d.log", firstSeq));
    }

    static byte[] chain(byte[] previous, long seq, byte[] payload) {
        MessageDigest d = Hashes.sha256();
        d.update(previous);
        d.update(ByteBuffer.allocate(8).putLong(seq).array());
        d.update(payload);
        return d.digest();
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("segment-\\d{16}\\.log")).sorted().toList();
        }
    }

    /** Reads every segment, checks CRCs and the chain, and cuts a torn tail off the last segment. */
    private RecoveryReport recover() throws IOException {
        List<Path> segments = segments();
        Cursor scan = new Cursor(Long.MAX_VALUE);
        while (!scan.next(4096).isEmpty()) {
            // verifies every record; the lenient cursor stops at the first damaged one
        }
        head = scan.chainHead;
        nextSeq = scan.expected;
        long discarded = 0;
        String torn = null;
        if (scan.damaged != null) {
            Path seg = scan.damaged;
            if (!seg.equals(segments.get(segments.size() - 1))) {
                throw new LedgerCorruptException("ledger segment " + seg + " is damaged at byte " + scan.position
                        + " and is not the last segment: " + scan.damage + " (run `plantproof ledger verify`)");
            }
            long size = Files.size(seg);
            try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                ch.truncate(scan.position);
                ch.force(true);
            }
            discarded = size - scan.position;
            torn = seg.getFileName().toString();
            LOG.warn("ledger {}: discarded {} bytes after seq {} ({}); a crash interrupted that write, so it was "
                    + "never acknowledged", seg, discarded, nextSeq - 1, scan.damage);
        }
        openSegment(segments.isEmpty() ? segmentName(0) : segments.get(segments.size() - 1));
        synced = nextSeq;
        return new RecoveryReport(nextSeq, discarded, torn, scan.damage);
    }

    /**
     * Streams the records with {@code seq >= fromSeq} in order, checking CRCs and the hash chain;
     * throws {@link LedgerCorruptException} naming the segment and seq where the chain breaks.
     */
    public void read(long fromSeq, Consumer<LedgerEntry> consumer) {
        Cursor cursor = cursor();
        List<LedgerEntry> batch;
        while (!(batch = cursor.next(4096)).isEmpty()) {
            for (LedgerEntry e : batch) {
                if (e.seq() >= fromSeq) {
                    consumer.accept(e);
                }
            }
        }
    }

    /** A cursor at the first record; it verifies the chain as it goes. */
    public Cursor cursor() {
        return new Cursor(-1);
    }

    /**
     * A forward reader over the segments with its own chain state, for drainers that resume
     * where they stopped (the store writer, the sealer) without re-reading the log.
     */
    public final class Cursor {
        private final long fixedLimit;
        private byte[] chainHead = new byte[32];
        private long expected;
        private int segmentIndex;
        private long position;
        private Path damaged;
        private String damage;

        /** A limit of -1 reads up to what is synced and throws on damage; recovery reads leniently. */
        private Cursor(long fixedLimit) {
            this.fixedLimit = fixedLimit;
        }

        /** Skips (while verifying) the records before {@code seq}. */
        public Cursor seek(long seq) {
            while (expected < seq && !next((int) Math.min(4096, seq - expected)).isEmpty()) {
                // records before seq are verified but not handed out
            }
            return this;
        }

        /** The sequence number of the next record this cursor returns. */
        public long position() {
            return expected;
        }

        /** Up to {@code max} further records; empty when the cursor is at the end of what is durable. */
        public List<LedgerEntry> next(int max) {
            List<LedgerEntry> out = new ArrayList<>();
            long limit = fixedLimit >= 0 ? fixedLimit : synced;
            try {
                List<Path> segments = segments();
                while (out.size() < max && expected < limit && segmentIndex < segments.size() && damaged == null) {
                    if (!readFrom(segments.get(segmentIndex), out, max, limit)) {
                        if (segmentIndex + 1 >= segments.size() || damaged != null) {
                            break;
                        }
                        segmentIndex++;
                        position = 0;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read ledger " + dir + ": " + e.getMessage(), e);
            }
            return out;
        }

        /** Reads records of one segment; false when the segment holds no further record. */
        private boolean readFrom(Path seg, List<LedgerEntry> out, int max, long limit) throws IOException {
            boolean any = false;
            try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ)) {
                long size = ch.size();
                ByteBuffer header = ByteBuffer.allocate(HEADER);
                while (out.size() < max && expected < limit && position < size) {
                    if (position + HEADER > size) {
                        return fail(seg, "record header at byte " + position + " is cut short");
                    }
                    header.clear();
                    ch.read(header, position);
                    header.flip();
                    int length = header.getInt();
                    int crcValue = header.getInt();
                    long seq = header.getLong();
                    byte[] hash = new byte[32];
                    header.get(hash);
                    if (length < 0 || position + HEADER + length > size) {
                        return fail(seg, "record at byte " + position + " is cut short");
                    }
                    if (seq != expected) {
                        return fail(seg, "expected seq " + expected + " at byte " + position + " but found " + seq
                                + " (a record was removed or reordered)");
                    }
                    byte[] payload = new byte[length];
                    ch.read(ByteBuffer.wrap(payload), position + HEADER);
                    CRC32C crc = new CRC32C();
                    crc.update(payload);
                    if ((int) crc.getValue() != crcValue) {
                        return fail(seg, "seq " + seq + " fails its CRC (bytes changed on disk)");
                    }
                    if (!Arrays.equals(hash, chain(chainHead, seq, payload))) {
                        return fail(seg, "seq " + seq + " breaks the hash chain");
                    }
                    out.add(new LedgerEntry(seq, hash, BatchCodec.decode(payload)));
                    chainHead = hash;
                    expected = seq + 1;
                    position += HEADER + length;
                    any = true;
                }
                return any || position < size;
            }
        }

        /** Recovery stops at the damage and reports it; every other reader refuses to go on. */
        private boolean fail(Path seg, String problem) {
            String what = problem + (expected > 0 ? " (last good record: seq " + (expected - 1) + ")" : " (in the first record)");
            if (fixedLimit < 0) {
                throw new LedgerCorruptException(seg + ": " + what);
            }
            damaged = seg;
            damage = what;
            return false;
        }
    }

    @Override
    public void close() {
        synchronized (appendLock) {
            try {
                channel.force(false);
                channel.close();
            } catch (IOException e) {
                LOG.warn("closing ledger {}: {}", dir, e.getMessage());
            }
        }
    }
}
