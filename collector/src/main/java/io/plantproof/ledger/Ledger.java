package io.plantproof.ledger;

import io.plantproof.files.Disk;
import io.plantproof.files.DiskErrors;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write-ahead ledger: every accepted batch is appended, hash-chained and fsync'd before {@link #append} returns,
 * so whatever a connector acknowledged survives a crash or a power loss; a batch the disk refuses is refused
 * ({@link LedgerWriteException}), never half-kept. Layout, seals, recovery and guarantees: docs/ledger.md.
 *
 * <p>Backlog bound: once a drainer (the store writer) reports its position with {@link #drained}, the
 * ledger refuses new batches with {@link LedgerFullException} while the bytes not yet drained reach
 * {@link Options#maxBacklogBytes()}. Nothing is dropped: the refused batch is not acknowledged and
 * stays with its source (MQTT broker, import file) until the store catches up.
 */
public final class Ledger implements SampleSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final long ALARM_REPEAT_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_DAMAGE_KEPT = 100;

    private final Path dir;
    private final Options options;
    private final SegmentFiles files;
    private final Compressor compressor;
    private final SegmentWriter writer;
    private final SealedSegmentCheck check;
    private final RecoveryReport recovery;
    private final LedgerReader reader;
    private final Object alarmLock = new Object();
    /** Damage found by any reader, by segment and offset; kept until restart, when the checks find it again. */
    private final Map<String, Damage> damage = new ConcurrentSkipListMap<>();
    private volatile long drainedBytes = -1;
    private volatile boolean refusing;
    private long lastAlarmNanos;
    private final AtomicLong refusedBatches = new AtomicLong();
    private volatile String appendFailure;
    private final AtomicLong failedAppends = new AtomicLong();
    private long lastFailureLogNanos;

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

    /**
     * What opening found: the records kept, a torn tail (bytes a crash left after the last readable record of the
     * last segment, copied to {@code quarantined} and cut off; 0 and null when none) and damage passed over.
     */
    public record RecoveryReport(long records, long tornTailBytes, Path quarantined, String tornTailProblem, List<Damage> damage) {
    }

    /**
     * A snapshot for status pages, health and alarms: durable records, backlog bytes not yet drained (0 until a
     * drainer reports), the bound, whether batches are refused for the bound, how many were, fsyncs so far, the
     * background check of sealed segments, why appends fail right now (null while they work) and damage found.
     */
    public record Status(long records, long backlogBytes, long maxBacklogBytes, boolean refusing, long refusedBatches,
                         long fsyncs, String closedSegments, String appendFailure, long failedAppends, List<String> damage) {

        /** False once damage was found: a segment, or a seal, no longer holds what was written. */
        public boolean intact() {
            return damage.isEmpty() && !closedSegments.startsWith("DAMAGED");
        }

        /** Whether batches are accepted and the ledger is intact (health UP). */
        public boolean healthy() {
            return !refusing && appendFailure == null && intact();
        }

        /** What plant IT must do, in one sentence per problem; empty when healthy. */
        public List<String> actions() {
            List<String> out = new ArrayList<>();
            if (appendFailure != null) {
                out.add(appendFailure.startsWith(DiskErrors.DISK_FULL)
                        ? "The data disk is full: free space on it (or move the data folder to a larger disk); batches are "
                        + "refused, not lost, until then, and collection resumes by itself."
                        : "The data disk refuses writes (" + appendFailure + "): check the disk and the system log; batches are "
                        + "refused, not lost, until writes succeed again.");
            }
            if (refusing) {
                out.add("The store is too far behind: see the store health; batches wait at their sources until it catches up.");
            }
            if (!intact()) {
                out.add("The ledger is damaged (see damage): keep the ledger folder as it is, copy it away, run "
                        + "`plantproof ledger verify --config plant.yml`, and restore the named segment from a backup if there is one; "
                        + "records outside the named ranges are still read and stored (docs/ledger.md, 'Damaged segment').");
            }
            return out;
        }
    }

    private Ledger(Path dir, Options options, Disk disk) throws IOException {
        this.dir = dir;
        this.options = options;
        Files.createDirectories(dir);
        this.files = new SegmentFiles(dir, disk);
        this.compressor = new Compressor(dir, disk);
        Recovery.Result opened = Recovery.run(files, this::damaged);
        this.recovery = opened.report();
        this.writer = new SegmentWriter(files, options.segmentBytes(), opened.start(), compressor::submit);
        opened.toCompress().forEach(compressor::submit);
        this.reader = new LedgerReader(files, writer::synced, false, this::damaged);
        this.check = new SealedSegmentCheck(files, opened.sealedSegments(), writer::synced, this::damaged).start();
    }

    public static Ledger open(Path dir) {
        return open(dir, Options.defaults());
    }

    public static Ledger open(Path dir, long segmentBytes) {
        return open(dir, Options.defaults().withSegmentBytes(segmentBytes));
    }

    public static Ledger open(Path dir, Options options) {
        return open(dir, options, Disk.SYSTEM);
    }

    /** Opens the ledger writing through {@code disk} (tests pass one that simulates power loss and full disks). */
    public static Ledger open(Path dir, Options options, Disk disk) {
        try {
            return new Ledger(dir, options, disk);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open ledger in " + dir + ": " + DiskErrors.describe(e, dir), e);
        }
    }

    public RecoveryReport recovery() {
        return recovery;
    }

    /** Sequence number the next batch will get; also the number of durable records. */
    public long nextSeq() {
        return writer.synced();
    }

    public Path dir() {
        return dir;
    }

    public Status status() {
        List<String> found = new ArrayList<>();
        found.addAll(files.sealProblems());
        damage.values().forEach(d -> found.add(d.toString()));
        return new Status(writer.synced(), backlogBytes(), options.maxBacklogBytes(), refusing, refusedBatches.get(),
                writer.fsyncs(), check.state(), appendFailure, failedAppends.get(), List.copyOf(found));
    }

    private void damaged(Damage d) {
        String key = String.format("%016d@%016d", d.segmentFirst(), d.offset());
        if (damage.size() >= MAX_DAMAGE_KEPT && !damage.containsKey(key)) {
            return;
        }
        if (damage.put(key, d) == null) {
            LOG.error("ledger {}: DAMAGED: {}. Nothing was deleted and later records are still read; keep the folder as it is, "
                    + "run `plantproof ledger verify` and restore the segment from a backup if there is one", dir, d);
        }
    }

    private long backlogBytes() {
        long drained = drainedBytes;
        return drained < 0 ? 0 : Math.max(0, writer.logicalEnd() - drained);
    }

    /**
     * Records that everything {@code cursor} has returned is safely stored elsewhere (e.g. in the
     * time-series store); the backlog bound counts from there.
     */
    public void drained(LedgerCursor cursor) {
        drainedBytes = cursor.logicalBytes();
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

    /** Appends the batches as consecutive records with one fsync for all of them (see {@link #append(List)}). */
    @Override
    public void acceptAll(List<SampleBatch> batches) {
        append(batches);
    }

    /**
     * Appends a batch and returns its sequence number once it is on disk; throws {@link LedgerFullException} at the
     * backlog bound and {@link LedgerWriteException} when the disk refuses the write, and the batch is not in the
     * ledger then.
     */
    public long append(SampleBatch batch) {
        return append(List.of(batch));
    }

    /** Appends the batches as consecutive records with one fsync, all or none; returns the first one's sequence number. */
    public long append(List<SampleBatch> batches) {
        refuseWhenFull(batches);
        List<byte[]> payloads = new ArrayList<>(batches.size());
        for (SampleBatch b : batches) {
            payloads.add(BatchCodec.encode(b));
        }
        long seq;
        try {
            seq = writer.append(payloads);
        } catch (IOException e) {
            throw refused(batches, e);
        }
        if (appendFailure != null) {
            recovered();
        }
        return seq;
    }

    private LedgerWriteException refused(List<SampleBatch> batches, IOException e) {
        String what = DiskErrors.describe(e, dir);
        appendFailure = what;
        long failed = failedAppends.incrementAndGet();
        int samples = batches.stream().mapToInt(SampleBatch::size).sum();
        synchronized (alarmLock) {
            long now = System.nanoTime();
            if (failed == 1 || now - lastFailureLogNanos > ALARM_REPEAT_NANOS) {
                LOG.error("ledger {}: {}: REFUSING batches ({} refused so far) so connectors do not acknowledge them and the data "
                        + "stays at its source (MQTT broker, OPC UA retry queue, import file); nothing half-written stays in the "
                        + "ledger. {}", dir, what, failed, DiskErrors.isDiskFull(e)
                        ? "Free space on the data disk; appends resume by themselves." : "Check the disk and the system log.");
                lastFailureLogNanos = now;
            }
        }
        return new LedgerWriteException("ledger append refused: " + what + "; " + batches.size() + " batch(es), " + samples
                + " samples from " + batches.get(0).source() + " not acknowledged", e);
    }

    private void recovered() {
        synchronized (alarmLock) {
            if (appendFailure != null) {
                LOG.warn("ledger {}: appends succeed again after {} were refused ({})", dir, failedAppends.get(), appendFailure);
                appendFailure = null;
            }
        }
    }

    private void refuseWhenFull(List<SampleBatch> batches) {
        long backlog = backlogBytes();
        if (backlog < options.maxBacklogBytes()) {
            return;
        }
        long refused = refusedBatches.addAndGet(batches.size());
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
                + options.maxBacklogBytes() + " bytes; batch of " + batches.stream().mapToInt(SampleBatch::size).sum()
                + " samples from " + batches.get(0).source() + " refused, not acknowledged");
    }

    /** Reads what is durable; damage it passes over is reported in {@link #status()}. */
    public LedgerReader reader() {
        return reader;
    }

    /** See {@link LedgerReader#read}. */
    public void read(long fromSeq, java.util.function.Consumer<LedgerEntry> consumer) {
        reader.read(fromSeq, consumer);
    }

    /** A cursor at the first record; it verifies the chain as it goes. Close it to release a compressed segment. */
    public LedgerCursor cursor() {
        return reader.cursor();
    }

    @Override
    public void close() {
        check.close();
        compressor.close();
        try {
            writer.close();
        } catch (IOException e) {
            LOG.warn("closing ledger {}: {}", dir, DiskErrors.describe(e, dir));
        }
    }
}
