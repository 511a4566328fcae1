package io.plantproof.collector;

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
import java.util.ArrayList;
import java.util.List;

/**
 * Drains the ledger into the store in order. While the store is down the ledger keeps growing
 * on disk and this writer retries with back-off; its offset file says where to resume after a
 * restart, and idempotent writes make the overlap after a crash harmless.
 */
public final class StoreWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final int RECORDS_PER_WRITE = 256;
    private static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

    private final Ledger ledger;
    private final SampleStore store;
    private final Path offsetFile;
    private final long maxBackoffMillis;
    private final LedgerCursor cursor;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long applied;
    private volatile String lastError;

    public StoreWriter(Ledger ledger, SampleStore store, Path offsetFile) {
        this(ledger, store, offsetFile, DEFAULT_MAX_BACKOFF);
    }

    /** {@code maxBackoff} caps the wait between retries while the store is down, i.e. how late replay may start. */
    public StoreWriter(Ledger ledger, SampleStore store, Path offsetFile, Duration maxBackoff) {
        this.ledger = ledger;
        this.store = store;
        this.offsetFile = offsetFile;
        this.maxBackoffMillis = maxBackoff.toMillis();
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

    public String lastError() {
        return lastError;
    }

    /** Blocks until the store holds everything the ledger held when called, and it is visible to scans. */
    public void drain() {
        long target = ledger.nextSeq();
        while (applied < target) {
            if (!thread.isAlive()) {
                throw new IllegalStateException("store writer stopped with " + (target - applied) + " records pending: " + lastError);
            }
            sleep(20);
        }
        store.awaitVisible();
    }

    private void loop() {
        long backoff = 100;
        List<LedgerEntry> pending = List.of();
        while (running) {
            try {
                if (pending.isEmpty()) {
                    pending = cursor.next(RECORDS_PER_WRITE);
                }
                if (pending.isEmpty()) {
                    sleep(50);
                    continue;
                }
                List<Sample> samples = new ArrayList<>();
                pending.forEach(e -> samples.addAll(e.batch().samples()));
                store.write(samples);
                long next = pending.get(pending.size() - 1).seq() + 1;
                writeOffset(next);
                applied = next;
                ledger.drained(cursor);
                pending = List.of();
                if (lastError != null) {
                    LOG.info("store is back; replaying the ledger backlog of {} records", backlog());
                    lastError = null;
                }
                backoff = 100;
            } catch (StoreUnavailableException | StoreRejectedException e) {
                if (lastError == null) {
                    LOG.error("store unavailable ({}); data stays safe in the ledger ({} records behind) and will be "
                            + "replayed in order", e.getMessage(), backlog());
                }
                lastError = e.getMessage();
                sleep(backoff);
                backoff = Math.min(backoff * 2, maxBackoffMillis);
            } catch (RuntimeException e) {
                lastError = e.toString();
                LOG.error("store writer stopped: {}", e.toString(), e);
                return;
            }
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
            DurableFiles.replace(offsetFile, Long.toString(next).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record store offset in " + offsetFile, e);
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
}
