package io.plantproof.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Reads a ledger: the collector's own (through {@link Ledger#reader()}, up to what is durable) or a ledger folder
 * opened {@linkplain #openReadOnly read-only}, which never writes, creates or cuts anything (for {@code ledger verify}).
 */
public final class LedgerReader {

    /**
     * What reading everything found: records read, damage passed over, unreadable bytes ending the last segment
     * (null when none; a torn write the collector cuts at its next start), and seals that could not be used.
     */
    public record Scan(long records, long nextSeq, List<Damage> damage, String tornTail, List<String> sealProblems) {
    }

    private final SegmentFiles files;
    private final LongSupplier limit;
    private final boolean stopped;
    private final Consumer<Damage> damageSink;

    LedgerReader(SegmentFiles files, LongSupplier limit, boolean stopped, Consumer<Damage> damageSink) {
        this.files = files;
        this.limit = limit;
        this.stopped = stopped;
        this.damageSink = damageSink;
    }

    /** A reader of the ledger in {@code dir} as it is on disk; nothing is written, not even a missing folder. */
    public static LedgerReader openReadOnly(Path dir) {
        SegmentFiles files = new SegmentFiles(dir, null);
        try {
            files.loadSeals();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ledger " + dir + ": " + e.getMessage(), e);
        }
        return new LedgerReader(files, () -> Long.MAX_VALUE, true, d -> { });
    }

    /** A cursor at the first record; it verifies the chain as it goes. Close it to release a compressed segment. */
    public LedgerCursor cursor() {
        return new LedgerCursor(files, limit, damageSink::accept, stopped);
    }

    /**
     * Streams the records with {@code seq >= fromSeq} in order, checking CRCs, seals and the hash chain (from the seal
     * before {@code fromSeq}, or from the first record for 0); damage is passed over and reported to the ledger.
     */
    public void read(long fromSeq, Consumer<LedgerEntry> consumer) {
        try (LedgerCursor cursor = cursor().seek(fromSeq)) {
            List<LedgerEntry> batch;
            while (!(batch = cursor.next(4096)).isEmpty()) {
                batch.forEach(consumer);
            }
        }
    }

    /** Reads every record from seq 0, handing each to {@code consumer}, and says what it found on the way. */
    public Scan scan(Consumer<LedgerEntry> consumer) {
        List<Damage> damage = Collections.synchronizedList(new ArrayList<>());
        long[] records = {0};
        try (LedgerCursor cursor = new LedgerCursor(files, limit, d -> {
            damage.add(d);
            damageSink.accept(d);
        }, stopped)) {
            List<LedgerEntry> batch;
            while (!(batch = cursor.next(4096)).isEmpty()) {
                records[0] += batch.size();
                batch.forEach(consumer);
            }
            LedgerCursor.Tail tail = cursor.tail();
            String torn = tail == null ? null : tail.segment().name() + " bytes " + tail.offset() + ".." + tail.size() + " after seq "
                    + (cursor.position() - 1) + ": " + tail.problem();
            return new Scan(records[0], cursor.position(), List.copyOf(damage), torn, files.sealProblems());
        }
    }
}
