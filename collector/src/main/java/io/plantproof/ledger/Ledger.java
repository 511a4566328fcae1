package io.plantproof.ledger;

import io.plantproof.merkle.Hashes;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The write-ahead ledger: every accepted batch is appended, hash-chained and fsync'd before
 * {@link #accept} returns, so whatever a connector acknowledged survives a crash.
 * Concurrent appenders share one fsync (group commit). Closed segments are gzip-compressed in the
 * background; readers verify the chain across plain and compressed segments alike.
 *
 * <p>Record layout: {@code int length, int crc32c, long seq, byte[32] chainHash, payload}, where
 * chainHash = SHA-256(previous chainHash || seq || payload) and the first record chains from 32 zero bytes.
 *
 * <p>Seals: when a segment closes, a {@code segment-<firstSeq>.seal} file records its record range, byte length
 * and last chain hash. Opening the ledger and seeking a cursor start from the last seal instead of re-reading
 * months of closed segments; a background check re-reads the sealed segments after each open and reports
 * damage in {@link Status#closedSegments()}, and every reader crossing a segment end checks it against the seal.
 *
 * <p>Backlog bound: once a drainer (the store writer) reports its position with {@link #drained}, the
 * ledger refuses new batches with {@link LedgerFullException} while the bytes not yet drained reach
 * {@link Options#maxBacklogBytes()}. Nothing is dropped: the refused batch is not acknowledged and
 * stays with its source (MQTT broker, import file) until the store catches up.
 */
public final class Ledger implements SampleSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final int HEADER = 4 + 4 + 8 + 32;
    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{16})\\.log(\\.gz)?");
    private static final Pattern SEAL = Pattern.compile("segment-(\\d{16})\\.seal");
    private static final long ALARM_REPEAT_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Path dir;
    private final Options options;
    private final Object appendLock = new Object();
    private final Object syncLock = new Object();
    private final Object alarmLock = new Object();
    private final ExecutorService compressor;
    private final ConcurrentSkipListMap<Long, Seal> seals = new ConcurrentSkipListMap<>();
    private FileChannel channel;
    private Path segment;
    private long segmentFirstSeq;
    private volatile String closedSegments = "not checked";
    private int closedSegmentsToCheck;
    private Thread checker;
    private volatile boolean closing;
    private long nextSeq;
    private byte[] head;
    private long written;
    private volatile long synced;
    private volatile long logicalEnd;
    private volatile long drainedBytes = -1;
    private volatile boolean refusing;
    private long lastAlarmNanos;
    private final AtomicLong refusedBatches = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private final RecoveryReport recovery;

    /**
     * How the ledger rolls and bounds itself: segment size before a roll (and compression) and the
     * largest backlog, in uncompressed record bytes, it holds for the store before refusing batches.
     */
    public record Options(long segmentBytes, long maxBacklogBytes) {

        public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
        /** 8 GiB: about a day of 100,000 samples/s of typical batches, several weeks at a small plant's rate. */
        public static final long DEFAULT_MAX_BACKLOG_BYTES = 8L << 30;

        public Options {
            if (segmentBytes <= 0 || maxBacklogBytes <= 0) {
                throw new IllegalArgumentException("ledger segment size and backlog bound must be positive");
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_BACKLOG_BYTES);
        }

        public Options withSegmentBytes(long bytes) {
            return new Options(bytes, maxBacklogBytes);
        }

        public Options withMaxBacklogBytes(long bytes) {
            return new Options(segmentBytes, bytes);
        }
    }

    /** What opening the ledger found: records kept and bytes discarded from a torn tail. */
    public record RecoveryReport(long records, long discardedBytes, String segment, String damage) {
    }

    /**
     * A snapshot for status pages and alarms: durable records, backlog bytes not yet drained (0 until a
     * drainer reports), the bound, whether batches are being refused, how many were, and fsyncs so far.
     */
    public record Status(long records, long backlogBytes, long maxBacklogBytes, boolean refusing,
                         long refusedBatches, long fsyncs, String closedSegments) {

        /** False once the background check found a sealed segment that no longer matches its seal. */
        public boolean intact() {
            return !closedSegments.startsWith(DAMAGED);
        }
    }

    private static final String DAMAGED = "DAMAGED: ";

    /**
     * What a closed segment held: records {@code firstSeq} up to (excluding) {@code endSeq}, {@code bytes} of
     * uncompressed records, and the chain hash of its last record, from which the next segment chains.
     */
    private record Seal(long firstSeq, long endSeq, long bytes, byte[] lastHash) {

        String line() {
            return "plantproof-ledger-seal 1 first=" + firstSeq + " end=" + endSeq + " bytes=" + bytes
                    + " head=" + HexFormat.of().formatHex(lastHash) + "\n";
        }

        static Seal parse(String text, Path file) {
            Map<String, String> fields = new HashMap<>();
            String[] words = text.strip().split(" ");
            if (words.length != 6 || !words[0].equals("plantproof-ledger-seal") || !words[1].equals("1")) {
                throw new LedgerCorruptException(file + ": not a ledger seal (expected 'plantproof-ledger-seal 1 first=… end=… bytes=… head=…')");
            }
            for (int i = 2; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                fields.put(eq < 0 ? words[i] : words[i].substring(0, eq), eq < 0 ? "" : words[i].substring(eq + 1));
            }
            try {
                Seal seal = new Seal(Long.parseLong(fields.get("first")), Long.parseLong(fields.get("end")),
                        Long.parseLong(fields.get("bytes")), HexFormat.of().parseHex(fields.get("head")));
                if (seal.lastHash.length != 32 || seal.endSeq < seal.firstSeq || seal.bytes < 0) {
                    throw new IllegalArgumentException("values out of range");
                }
                return seal;
            } catch (RuntimeException e) {
                throw new LedgerCorruptException(file + ": unreadable ledger seal: " + e.getMessage());
            }
        }
    }

    /** One segment file; a closed segment may be compressed, the open one never is. */
    private record Segment(long firstSeq, Path path, boolean compressed) {
        Segment asCompressed() {
            return new Segment(firstSeq, path.resolveSibling(path.getFileName() + ".gz"), true);
        }
    }

    private Ledger(Path dir, Options options) throws IOException {
        this.dir = dir;
        this.options = options;
        Files.createDirectories(dir);
        this.compressor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ledger-compressor");
            t.setDaemon(true);
            return t;
        });
        this.recovery = recover();
        startClosedSegmentsCheck();
    }

    public static Ledger open(Path dir) {
        return open(dir, Options.defaults());
    }

    public static Ledger open(Path dir, long segmentBytes) {
        return open(dir, Options.defaults().withSegmentBytes(segmentBytes));
    }

    public static Ledger open(Path dir, Options options) {
        try {
            return new Ledger(dir, options);
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

    public Status status() {
        return new Status(synced, backlogBytes(), options.maxBacklogBytes(), refusing, refusedBatches.get(), fsyncs.get(),
                closedSegments);
    }

    private long backlogBytes() {
        long drained = drainedBytes;
        return drained < 0 ? 0 : Math.max(0, logicalEnd - drained);
    }

    /**
     * Records that everything {@code cursor} has returned is safely stored elsewhere (e.g. in the
     * time-series store); the backlog bound counts from there.
     */
    public void drained(Cursor cursor) {
        drainedBytes = cursor.logicalBytes;
        if (refusing && backlogBytes() < options.maxBacklogBytes()) {
            synchronized (alarmLock) {
                if (refusing) {
                    refusing = false;
                    LOG.warn("ledger {}: backlog is back under its bound ({} of {} bytes); accepting batches again "
                            + "after refusing {} so far", dir, backlogBytes(), options.maxBacklogBytes(), refusedBatches.get());
                }
            }
        }
    }

    @Override
    public void accept(SampleBatch batch) {
        append(batch);
    }

    /**
     * Appends a batch and returns its sequence number once it is on disk; throws
     * {@link LedgerFullException} instead when the backlog bound is reached.
     */
    public long append(SampleBatch batch) {
        refuseWhenFull(batch);
        byte[] payload = BatchCodec.encode(batch);
        long seq;
        try {
            synchronized (appendLock) {
                if (written >= options.segmentBytes()) {
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
                logicalEnd += HEADER + payload.length;
                head = hash;
                nextSeq = seq + 1;
            }
            sync(seq + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("ledger append failed in " + segment + ": " + e.getMessage(), e);
        }
        return seq;
    }

    private void refuseWhenFull(SampleBatch batch) {
        long backlog = backlogBytes();
        if (backlog < options.maxBacklogBytes()) {
            return;
        }
        long refused = refusedBatches.incrementAndGet();
        synchronized (alarmLock) {
            long now = System.nanoTime();
            if (!refusing || now - lastAlarmNanos > ALARM_REPEAT_NANOS) {
                LOG.error("ledger {}: {} bytes are waiting for the store, the bound is {} bytes; REFUSING new batches "
                        + "({} so far) so connectors stop acknowledging and data stays at its source (MQTT broker, "
                        + "import file). Check why the store writer is behind (store down? see storeError) or raise "
                        + "the ledger backlog bound if the disk has room.", dir, backlog, options.maxBacklogBytes(), refused);
                lastAlarmNanos = now;
            }
            refusing = true;
        }
        throw new LedgerFullException("ledger backlog of " + backlog + " bytes reached its bound of "
                + options.maxBacklogBytes() + " bytes; batch of " + batch.size() + " samples from " + batch.source()
                + " refused, not acknowledged");
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
            fsyncs.incrementAndGet();
            synced = target;
        }
    }

    private void roll() throws IOException {
        channel.force(false);
        channel.close();
        Path closed = segment;
        writeSeal(new Seal(segmentFirstSeq, nextSeq, written, head));
        openSegment(segmentName(nextSeq), nextSeq);
        compressor.execute(() -> compress(closed));
    }

    /** Written durably before the next segment exists, so a segment with a successor normally has its seal. */
    private void writeSeal(Seal seal) throws IOException {
        DurableFiles.replace(dir.resolve(String.format("segment-%016d.seal", seal.firstSeq())),
                seal.line().getBytes(StandardCharsets.US_ASCII));
        seals.put(seal.firstSeq(), seal);
    }

    private void openSegment(Path path, long firstSeq) throws IOException {
        segment = path;
        segmentFirstSeq = firstSeq;
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        written = channel.size();
        channel.position(written);
    }

    /**
     * Replaces a closed segment by its gzip form. The plain file is deleted only once the compressed
     * file is durable and decompresses to the same bytes, so a crash at any point leaves one good copy.
     */
    private void compress(Path plain) {
        Path gz = plain.resolveSibling(plain.getFileName() + ".gz");
        Path tmp = plain.resolveSibling(plain.getFileName() + ".gz.tmp");
        try {
            MessageDigest original = Hashes.sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(plain), original);
                 OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16) {
                     {
                         def.setLevel(Deflater.BEST_SPEED);
                     }
                 }) {
                in.transferTo(out);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            MessageDigest roundTrip = Hashes.sha256();
            try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(tmp), 1 << 16), roundTrip)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            if (!MessageDigest.isEqual(original.digest(), roundTrip.digest())) {
                Files.deleteIfExists(tmp);
                LOG.error("ledger segment {}: its compressed copy does not read back identically; keeping it uncompressed", plain);
                return;
            }
            long before = Files.size(plain);
            Files.move(tmp, gz, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.forceDirectory(dir);
            Files.delete(plain);
            LOG.info("ledger segment {} closed and compressed: {} -> {} bytes", plain.getFileName(), before, Files.size(gz));
        } catch (IOException | RuntimeException e) {
            LOG.error("ledger segment {} could not be compressed ({}); it stays uncompressed and readable, check disk space",
                    plain, e.toString());
        }
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

    /** The segments in order; where a crash left both forms of one segment, the (complete) compressed one. */
    private List<Segment> segments() throws IOException {
        TreeMap<Long, Segment> bySeq = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    Segment seg = new Segment(Long.parseLong(m.group(1)), p, m.group(2) != null);
                    bySeq.merge(seg.firstSeq(), seg, (a, b) -> a.compressed() ? a : b);
                }
            });
        }
        return List.copyOf(bySeq.values());
    }

    /**
     * Re-reads (CRCs and chain, without decoding payloads) only the segments after the last consistent seal,
     * seals closed segments that have none (ledgers written before seals), and cuts a torn tail off the last segment.
     */
    private RecoveryReport recover() throws IOException {
        removeCompressionLeftovers();
        loadSeals();
        List<Segment> segments = segments();
        int sealedPrefix = sealedPrefix(segments);
        long discarded = 0;
        String torn = null;
        String damage;
        try (Cursor scan = new Cursor(Long.MAX_VALUE, true)) {
            scan.startAfterSeals(segments, sealedPrefix);
            scan.skipTo(Long.MAX_VALUE);
            head = scan.chainHead;
            nextSeq = scan.expected;
            logicalEnd = scan.logicalBytes;
            damage = scan.damage;
            if (scan.damaged != null) {
                Segment seg = scan.damaged;
                if (!seg.equals(segments.get(segments.size() - 1)) || seg.compressed()) {
                    throw new LedgerCorruptException("ledger segment " + seg.path() + " is damaged at byte " + scan.position
                            + " and is not the last segment: " + scan.damage + " (run `plantproof ledger verify`)");
                }
                long size = Files.size(seg.path());
                try (FileChannel ch = FileChannel.open(seg.path(), StandardOpenOption.WRITE)) {
                    ch.truncate(scan.position);
                    ch.force(true);
                }
                discarded = size - scan.position;
                torn = seg.path().getFileName().toString();
                LOG.warn("ledger {}: discarded {} bytes after seq {} ({}); a crash interrupted that write, so it was "
                        + "never acknowledged", seg.path(), discarded, nextSeq - 1, scan.damage);
            }
        }
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        boolean newSegment = last == null || last.compressed() || seals.containsKey(last.firstSeq());
        if (newSegment) {
            openSegment(segmentName(nextSeq), nextSeq);
        } else {
            openSegment(last.path(), last.firstSeq());
        }
        for (Segment seg : segments) {
            if (!seg.compressed() && !seg.path().equals(segment)) {
                compressor.execute(() -> compress(seg.path()));
            }
        }
        synced = nextSeq;
        closedSegmentsToCheck = sealedPrefix;
        return new RecoveryReport(nextSeq, discarded, torn, damage);
    }

    private void loadSeals() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Matcher m = SEAL.matcher(p.getFileName().toString());
                if (m.matches()) {
                    Seal seal = Seal.parse(Files.readString(p, StandardCharsets.US_ASCII), p);
                    if (seal.firstSeq() != Long.parseLong(m.group(1))) {
                        throw new LedgerCorruptException(p + ": seal for first seq " + seal.firstSeq() + " in the file of "
                                + m.group(1) + " (renamed?)");
                    }
                    seals.put(seal.firstSeq(), seal);
                }
            }
        }
    }

    /**
     * How many leading segments have a seal that the next segment continues (the last may be sealed with no
     * successor after a crash in the middle of a roll); readers may start right after any of them.
     */
    private int sealedPrefix(List<Segment> segments) {
        int k = 0;
        long expectedFirst = 0;
        while (k < segments.size()) {
            Seal seal = seals.get(segments.get(k).firstSeq());
            boolean continued = seal != null && seal.firstSeq() == expectedFirst
                    && (k + 1 == segments.size() || segments.get(k + 1).firstSeq() == seal.endSeq());
            if (!continued) {
                break;
            }
            expectedFirst = seal.endSeq();
            k++;
        }
        return k;
    }

    /**
     * Re-reads the sealed segments that opening skipped, in the background, so damage to old data is still
     * reported after every start without delaying it.
     */
    private void startClosedSegmentsCheck() {
        int count = closedSegmentsToCheck;
        if (count == 0) {
            closedSegments = "verified while opening";
            return;
        }
        closedSegments = "checking " + count + " sealed segments";
        checker = new Thread(() -> checkClosedSegments(count), "ledger-check");
        checker.setDaemon(true);
        checker.setPriority(Thread.MIN_PRIORITY);
        checker.start();
    }

    private void checkClosedSegments(int count) {
        long started = System.nanoTime();
        try {
            List<Segment> segments = segments();
            Seal lastSeal = seals.get(segments.get(count - 1).firstSeq());
            try (Cursor check = new Cursor(lastSeal.endSeq(), false)) {
                while (!closing && check.position() < lastSeal.endSeq()) {
                    long before = check.position();
                    check.skipTo(Math.min(lastSeal.endSeq(), before + 10_000));
                    if (check.position() == before) {
                        break;
                    }
                }
                if (!closing) {
                    check.checkSeal(segments.get(count - 1));
                    closedSegments = "verified " + count + " sealed segments (" + lastSeal.endSeq() + " records) in "
                            + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s";
                    LOG.info("ledger {}: {}", dir, closedSegments);
                }
            }
        } catch (LedgerCorruptException e) {
            closedSegments = DAMAGED + e.getMessage();
            LOG.error("ledger {}: a closed segment no longer matches what was written: {}. Records from there on cannot be "
                    + "trusted; keep the files as they are and run `plantproof ledger verify`", dir, e.getMessage());
        } catch (RuntimeException | IOException e) {
            if (!closing) {
                closedSegments = "check failed: " + e.getMessage();
                LOG.warn("ledger {}: could not re-check the closed segments: {}", dir, e.toString());
            }
        }
    }

    /** A crash during compression leaves a partial .gz.tmp, or a plain file whose .gz is already complete. */
    private void removeCompressionLeftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".gz.tmp")) {
                    Files.delete(p);
                } else if (name.endsWith(".log") && Files.exists(p.resolveSibling(name + ".gz"))) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * Streams the records with {@code seq >= fromSeq} in order, checking CRCs, seals and the hash chain (from the
     * seal before {@code fromSeq}, or from the first record for 0); throws {@link LedgerCorruptException} naming
     * the segment and seq where it breaks.
     */
    public void read(long fromSeq, Consumer<LedgerEntry> consumer) {
        try (Cursor cursor = cursor().seek(fromSeq)) {
            List<LedgerEntry> batch;
            while (!(batch = cursor.next(4096)).isEmpty()) {
                batch.forEach(consumer);
            }
        }
    }

    /** A cursor at the first record; it verifies the chain as it goes. Close it to release a compressed segment. */
    public Cursor cursor() {
        return new Cursor(-1, false);
    }

    /**
     * A forward reader over the segments with its own chain state, for drainers that resume
     * where they stopped (the store writer, the sealer) without re-reading the log.
     */
    public final class Cursor implements AutoCloseable {
        private final long fixedLimit;
        private final boolean lenient;
        private byte[] chainHead = new byte[32];
        private long expected;
        private int segmentIndex;
        private long position;
        private long logicalBytes;
        /** Records below this are verified but neither decoded nor returned. */
        private long skipBelow;
        private InputStream compressed;
        private Segment damaged;
        private String damage;

        /** A limit of -1 reads up to what is synced; a lenient cursor (recovery) stops at damage instead of throwing. */
        private Cursor(long fixedLimit, boolean lenient) {
            this.fixedLimit = fixedLimit;
            this.lenient = lenient;
        }

        /**
         * Moves to {@code seq}: jumps to the segment holding it when the segments before it are sealed, then
         * skips (verifying, not decoding) the records before it in that segment.
         */
        public Cursor seek(long seq) {
            if (seq <= expected) {
                return this;
            }
            try {
                List<Segment> segments = segments();
                int sealed = sealedPrefix(segments);
                int target = segmentIndex;
                while (target + 1 < segments.size() && target + 1 <= sealed && segments.get(target + 1).firstSeq() <= seq) {
                    target++;
                }
                if (target > segmentIndex) {
                    closeCompressed();
                    startAfterSeals(segments, target);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list ledger " + dir + ": " + e.getMessage(), e);
            }
            skipTo(seq);
            return this;
        }

        /** Positions this fresh cursor at the start of segment {@code index}, chaining from the seal before it. */
        private void startAfterSeals(List<Segment> segments, int index) {
            if (index == 0) {
                return;
            }
            Seal previous = seals.get(segments.get(index - 1).firstSeq());
            long bytes = 0;
            for (int i = 0; i < index; i++) {
                bytes += seals.get(segments.get(i).firstSeq()).bytes();
            }
            segmentIndex = index;
            position = 0;
            chainHead = previous.lastHash();
            expected = previous.endSeq();
            logicalBytes = bytes;
        }

        /** Reads up to {@code seq} (or the end of what is durable) without handing records out. */
        private void skipTo(long seq) {
            skipBelow = Math.max(skipBelow, seq);
            read(Integer.MAX_VALUE, Math.min(seq, limit()));
        }

        /** The sequence number of the next record this cursor returns. */
        public long position() {
            return expected;
        }

        /** Up to {@code max} further records; empty when the cursor is at the end of what is durable. */
        public List<LedgerEntry> next(int max) {
            return read(max, limit());
        }

        private long limit() {
            return fixedLimit >= 0 ? fixedLimit : synced;
        }

        private List<LedgerEntry> read(int max, long limit) {
            List<LedgerEntry> out = new ArrayList<>();
            try {
                List<Segment> segments = segments();
                while (out.size() < max && expected < limit && segmentIndex < segments.size() && damaged == null) {
                    if (!readFrom(segments.get(segmentIndex), out, max, limit)) {
                        if (segmentIndex + 1 >= segments.size() || damaged != null) {
                            break;
                        }
                        if (!checkSeal(segments.get(segmentIndex))) {
                            break;
                        }
                        closeCompressed();
                        segmentIndex++;
                        position = 0;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read ledger " + dir + ": " + e.getMessage(), e);
            }
            return out;
        }

        /**
         * At the end of a closed segment: compares it with its seal, or writes the seal it lacks during recovery;
         * false (lenient) or an exception when they differ.
         */
        private boolean checkSeal(Segment seg) throws IOException {
            Seal seal = seals.get(seg.firstSeq());
            if (seal == null) {
                if (lenient) {
                    writeSeal(new Seal(seg.firstSeq(), expected, position, chainHead));
                }
                return true;
            }
            if (seal.endSeq() != expected || seal.bytes() != position || !Arrays.equals(seal.lastHash(), chainHead)) {
                return fail(seg, "ends at seq " + (expected - 1) + " after " + position + " bytes, but its seal says seq "
                        + (seal.endSeq() - 1) + " after " + seal.bytes() + " bytes with another chain hash"
                        + " (the segment or its .seal file was changed)");
            }
            return true;
        }

        /** Reads records of one segment; false when the segment holds no further record (for now). */
        private boolean readFrom(Segment seg, List<LedgerEntry> out, int max, long limit) throws IOException {
            if (seg.compressed()) {
                return readRecords(seg, compressedStream(seg), Long.MAX_VALUE, out, max, limit);
            }
            FileChannel ch;
            try {
                ch = FileChannel.open(seg.path(), StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                // compressed since it was listed; continue at the same byte in the compressed form
                return readFrom(seg.asCompressed(), out, max, limit);
            }
            try (ch; InputStream in = new BufferedInputStream(Channels.newInputStream(ch.position(position)), 1 << 16)) {
                return readRecords(seg, in, ch.size(), out, max, limit);
            }
        }

        private InputStream compressedStream(Segment seg) throws IOException {
            if (compressed == null) {
                compressed = new GZIPInputStream(Files.newInputStream(seg.path()), 1 << 16);
                compressed.skipNBytes(position);
            }
            return compressed;
        }

        private boolean readRecords(Segment seg, InputStream in, long size, List<LedgerEntry> out, int max, long limit)
                throws IOException {
            boolean any = false;
            byte[] header = new byte[HEADER];
            try {
                while (out.size() < max && expected < limit) {
                    int got = in.readNBytes(header, 0, HEADER);
                    if (got == 0) {
                        return any;
                    }
                    if (got < HEADER) {
                        return fail(seg, "record header at byte " + position + " is cut short");
                    }
                    ByteBuffer h = ByteBuffer.wrap(header);
                    int length = h.getInt();
                    int crcValue = h.getInt();
                    long seq = h.getLong();
                    byte[] hash = new byte[32];
                    h.get(hash);
                    if (length < 0 || position + HEADER + length > size) {
                        return fail(seg, "record at byte " + position + " is cut short");
                    }
                    if (seq != expected) {
                        return fail(seg, "expected seq " + expected + " at byte " + position + " but found " + seq
                                + " (a record was removed or reordered)");
                    }
                    byte[] payload = in.readNBytes(length);
                    if (payload.length < length) {
                        return fail(seg, "record at byte " + position + " is cut short");
                    }
                    CRC32C crc = new CRC32C();
                    crc.update(payload);
                    if ((int) crc.getValue() != crcValue) {
                        return fail(seg, "seq " + seq + " fails its CRC (bytes changed on disk)");
                    }
                    if (!Arrays.equals(hash, chain(chainHead, seq, payload))) {
                        return fail(seg, "seq " + seq + " breaks the hash chain");
                    }
                    if (seq >= skipBelow) {
                        out.add(new LedgerEntry(seq, hash, BatchCodec.decode(payload)));
                    }
                    chainHead = hash;
                    expected = seq + 1;
                    position += HEADER + length;
                    logicalBytes += HEADER + length;
                    any = true;
                }
                return true;
            } catch (ZipException | java.io.EOFException e) {
                return fail(seg, "compressed segment is unreadable after byte " + position + ": " + e.getMessage());
            }
        }

        /** Recovery stops at the damage and reports it; every other reader refuses to go on. */
        private boolean fail(Segment seg, String problem) {
            String what = problem + (expected > 0 ? " (last good record: seq " + (expected - 1) + ")" : " (in the first record)");
            if (!lenient) {
                throw new LedgerCorruptException(seg.path() + ": " + what);
            }
            damaged = seg;
            damage = what;
            return false;
        }

        private void closeCompressed() throws IOException {
            if (compressed != null) {
                compressed.close();
                compressed = null;
            }
        }

        @Override
        public void close() {
            try {
                closeCompressed();
            } catch (IOException e) {
                LOG.debug("closing compressed ledger segment: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        if (checker != null) {
            try {
                checker.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        compressor.shutdown();
        try {
            if (!compressor.awaitTermination(2, TimeUnit.MINUTES)) {
                LOG.warn("ledger {}: segment compression still running at close; it resumes on next open", dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
