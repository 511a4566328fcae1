package io.plantproof.collector;

import io.plantproof.files.Disk;
import io.plantproof.files.DiskErrors;
import io.plantproof.files.DurableFiles;
import io.plantproof.ledger.Ledger;
import io.plantproof.ledger.LedgerCursor;
import io.plantproof.ledger.LedgerEntry;
import io.plantproof.sample.Sample;
import io.plantproof.store.SampleStore;
import io.plantproof.store.StoreRejectedException;
import io.plantproof.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drains the ledger into the store in order, in large transactions: a commit when {@link Settings#maxSamples} samples
 * are pending or {@link Settings#maxDelay} after the first of them, and the offset file (where to resume after a
 * restart; idempotent writes make the overlap after a crash harmless) recorded durably after each. It survives every
 * failure: while the store is down it backs off and retries (the ledger holds the data); samples the store refuses for
 * good are quarantined with their reason ({@link StoreQuarantine}) and the writer moves on; anything else is logged,
 * named in {@link #lastError()} and retried from the last recorded offset.
 */
public final class StoreWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final long IDLE_POLL_MILLIS = 50;

    /**
     * How large a store transaction grows (samples) and how long the first pending sample may wait for it, and the
     * longest wait between retries while the store is down (how late replay may start).
     */
    public record Settings(int maxSamples, Duration maxDelay, Duration maxBackoff) {

        public Settings {
            if (maxSamples <= 0 || maxDelay.isNegative() || maxBackoff.toMillis() < 1) {
                throw new IllegalArgumentException("store writer: transaction size and back-off must be positive");
            }
        }

        /** 100,000 samples or one second, whichever comes first; at most 10 s between retries. */
        public static Settings defaults() {
            return new Settings(100_000, Duration.ofSeconds(1), Duration.ofSeconds(10));
        }

        public Settings withMaxBackoff(Duration backoff) {
            return new Settings(maxSamples, maxDelay, backoff);
        }
    }

    private final Ledger ledger;
    private final SampleStore store;
    private final Path offsetFile;
    private final Settings settings;
    private final StoreQuarantine quarantine;
    private final Disk disk;
    private final Thread thread;
    private final AtomicLong transactions = new AtomicLong();
    private LedgerCursor cursor;
    private volatile boolean running = true;
    private volatile boolean flushNow;
    private volatile long applied;
    private volatile String lastError;

    public StoreWriter(Ledger ledger, SampleStore store, Path offsetFile) {
        this(ledger, store, offsetFile, Settings.defaults());
    }

    public StoreWriter(Ledger ledger, SampleStore store, Path offsetFile, Settings settings) {
        this(ledger, store, offsetFile, settings, Disk.SYSTEM);
    }

    /**
     * A writer quarantining refused samples in the ledger's {@code quarantine} folder, writing its offset and quarantine
     * through {@code disk} (tests pass one that fills up).
     */
    public StoreWriter(Ledger ledger, SampleStore store, Path offsetFile, Settings settings, Disk disk) {
        this.ledger = ledger;
        this.store = store;
        this.offsetFile = offsetFile;
        this.settings = settings;
        this.disk = disk;
        this.quarantine = StoreQuarantine.open(ledger.dir().resolve("quarantine"), disk);
        this.applied = readOffset();
        this.cursor = ledger.cursor().seek(applied);
        ledger.drained(cursor);
        this.thread = new Thread(this::loop, "store-writer");
        this.thread.setDaemon(true);
    }

    public StoreWriter start() {
        thread.start();
        return this;
    }

    /** Ledger records not yet in the store. */
    public long backlog() {
        return ledger.nextSeq() - applied;
    }

    /** Why the store takes no writes right now (store down, disk full, …), or null while it does. */
    public String lastError() {
        return lastError;
    }

    /** The samples set aside because the store refused them for good. */
    public StoreQuarantine quarantine() {
        return quarantine;
    }

    /** Store transactions committed (each followed by one durable offset write). */
    public long transactions() {
        return transactions.get();
    }

    /** Blocks until the store holds everything the ledger held when called, and it is visible to scans. */
    public void drain() {
        long target = ledger.nextSeq();
        while (applied < target) {
            if (!thread.isAlive()) {
                throw new IllegalStateException("store writer stopped with " + (target - applied) + " records pending: " + lastError);
            }
            flushNow = true;
            sleep(20);
        }
        store.awaitVisible();
    }

    private void loop() {
        long backoff = 100;
        Pending pending = new Pending();
        while (running) {
            try {
                pending.fill(cursor, settings.maxSamples());
                if (pending.isEmpty() || !pending.due(settings, flushNow)) {
                    sleep(IDLE_POLL_MILLIS);
                    continue;
                }
                flushNow = false;
                commit(pending);
                pending = new Pending();
                if (lastError != null) {
                    LOG.info("store writer: writing again ({} records behind); it was: {}", backlog(), lastError);
                    lastError = null;
                }
                backoff = 100;
            } catch (StoreUnavailableException e) {
                failed(DiskErrors.isDiskFull(e) ? DiskErrors.diskFull(offsetFile.getParent()) + " (store)" : e.getMessage(), null);
                sleep(backoff);
                backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
            } catch (RuntimeException | Error e) {
                // never dies: whatever went wrong, the ledger still holds everything from the recorded offset on
                failed(DiskErrors.isDiskFull(e) && !String.valueOf(e.getMessage()).contains(DiskErrors.DISK_FULL)
                        ? DiskErrors.diskFull(offsetFile.getParent()) + ": " + e.getMessage() : describe(e), e);
                pending = new Pending();
                restartFromOffset();
                sleep(backoff);
                backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
            }
        }
    }

    private void failed(String what, Throwable e) {
        if (!what.equals(lastError)) {
            if (e == null) {
                LOG.error("store writer: {}; data stays safe in the ledger ({} records behind) and is written in order "
                        + "once this is fixed; retrying", what, backlog());
            } else {
                LOG.error("store writer: {}; retrying from the recorded offset (the ledger holds everything)", what, e);
            }
        }
        lastError = what;
    }

    /** The failure's own message when it has one that names what failed (ours do), else its type and message. */
    private static String describe(Throwable e) {
        return e instanceof UncheckedIOException && e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private void restartFromOffset() {
        cursor.close();
        cursor = ledger.cursor().seek(applied);
    }

    /** One store transaction, quarantining what the store refuses for good, then the offset after it, durably. */
    private void commit(Pending pending) {
        List<Sample> samples = pending.samples();
        try {
            store.write(samples);
        } catch (StoreRejectedException e) {
            writeAround(pending, e);
        }
        long next = pending.endSeq();
        writeOffset(next);
        applied = next;
        ledger.drained(cursor);
        transactions.incrementAndGet();
    }

    /**
     * Writes what the store takes and quarantines the rest: the samples the store named, or, when it did not say which,
     * those that fail alone after halving the batch until each refused sample is found.
     */
    private void writeAround(Pending pending, StoreRejectedException first) {
        List<StoreQuarantine.Entry> refused = new ArrayList<>();
        List<int[]> all = pending.positions();
        narrow(pending, all, first, refused);
        try {
            quarantine.add(refused);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep refused samples in quarantine: " + DiskErrors.describe(e, offsetFile.getParent()), e);
        }
    }

    private void narrow(Pending pending, List<int[]> part, StoreRejectedException rejected, List<StoreQuarantine.Entry> refused) {
        if (!rejected.refused().isEmpty()) {
            List<int[]> rest = new ArrayList<>(part.size());
            for (int i = 0; i < part.size(); i++) {
                String reason = rejected.refused().get(i);
                if (reason == null) {
                    rest.add(part.get(i));
                } else {
                    refused.add(pending.entry(part.get(i), reason));
                }
            }
            write(pending, rest, refused);
        } else if (part.size() == 1) {
            refused.add(pending.entry(part.get(0), rejected.getMessage()));
        } else {
            int half = part.size() / 2;
            write(pending, part.subList(0, half), refused);
            write(pending, part.subList(half, part.size()), refused);
        }
    }

    private void write(Pending pending, List<int[]> part, List<StoreQuarantine.Entry> refused) {
        if (part.isEmpty()) {
            return;
        }
        try {
            store.write(pending.samples(part));
        } catch (StoreRejectedException e) {
            narrow(pending, part, e, refused);
        }
    }

    private long readOffset() {
        try {
            return Files.exists(offsetFile) ? Long.parseLong(Files.readString(offsetFile).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("store offset {} unreadable ({}); replaying the whole ledger (writes are idempotent)", offsetFile, e.toString());
            return 0;
        }
    }

    private void writeOffset(long next) {
        try {
            DurableFiles.replace(disk, offsetFile, Long.toString(next).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the store offset in " + offsetFile + ": "
                    + DiskErrors.describe(e, offsetFile.getParent()), e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cursor.close();
    }

    /** Records read from the ledger and not yet committed to the store, with when the first arrived. */
    private static final class Pending {
        private final List<LedgerEntry> entries = new ArrayList<>();
        private int samples;
        private long firstNanos;

        void fill(LedgerCursor cursor, int maxSamples) {
            while (samples < maxSamples) {
                List<LedgerEntry> next = cursor.next(64);
                if (next.isEmpty()) {
                    return;
                }
                if (entries.isEmpty()) {
                    firstNanos = System.nanoTime();
                }
                for (LedgerEntry e : next) {
                    entries.add(e);
                    samples += e.batch().size();
                }
            }
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }

        boolean due(Settings settings, boolean flush) {
            return flush || samples >= settings.maxSamples()
                    || System.nanoTime() - firstNanos >= settings.maxDelay().toNanos();
        }

        long endSeq() {
            return entries.get(entries.size() - 1).seq() + 1;
        }

        List<Sample> samples() {
            List<Sample> out = new ArrayList<>(samples);
            entries.forEach(e -> out.addAll(e.batch().samples()));
            return out;
        }

        /** Every sample as {entry index, sample index}, for narrowing a refused batch down. */
        List<int[]> positions() {
            List<int[]> out = new ArrayList<>(samples);
            for (int e = 0; e < entries.size(); e++) {
                for (int s = 0; s < entries.get(e).batch().size(); s++) {
                    out.add(new int[] {e, s});
                }
            }
            return out;
        }

        List<Sample> samples(List<int[]> positions) {
            List<Sample> out = new ArrayList<>(positions.size());
            positions.forEach(p -> out.add(entries.get(p[0]).batch().samples().get(p[1])));
            return out;
        }

        StoreQuarantine.Entry entry(int[] position, String reason) {
            LedgerEntry e = entries.get(position[0]);
            return new StoreQuarantine.Entry(e.seq(), position[1], e.batch().samples().get(position[1]), reason, Instant.now());
        }
    }
}
