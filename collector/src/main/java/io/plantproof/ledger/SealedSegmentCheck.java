package io.plantproof.ledger;

import io.plantproof.ledger.SegmentFiles.Segment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Re-reads the sealed segments that opening skipped, in the background at the lowest priority, so damage to old data
 * is still reported after every start without delaying it.
 */
final class SealedSegmentCheck implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SealedSegmentCheck.class);

    private final SegmentFiles files;
    private final int count;
    private final Consumer<Damage> damageSink;
    private final LongSupplier durable;
    private final Thread thread;
    private volatile boolean closing;
    private volatile String state;
    private volatile int damageFound;

    /** {@code durable}: the ledger's durable record count, which the check never reads beyond. */
    SealedSegmentCheck(SegmentFiles files, int count, LongSupplier durable, Consumer<Damage> damageSink) {
        this.files = files;
        this.durable = durable;
        this.count = count;
        this.damageSink = damageSink;
        this.state = count == 0 ? "verified while opening" : "checking " + count + " sealed segments";
        this.thread = new Thread(this::check, "ledger-check");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    SealedSegmentCheck start() {
        if (count > 0) {
            thread.start();
        }
        return this;
    }

    /** "checking N sealed segments", "verified …", "DAMAGED: …" or "check failed: …". */
    String state() {
        return state;
    }

    private void check() {
        long started = System.nanoTime();
        try {
            List<Segment> segments = files.list();
            Seal lastSeal = files.seal(segments.get(count - 1).firstSeq());
            LedgerCursor.Listener listener = d -> {
                damageFound++;
                damageSink.accept(d);
            };
            // one record past the last seal, when durable, so that the last seal is compared with its segment's end too
            long target = Math.min(lastSeal.endSeq() + 1, Math.max(lastSeal.endSeq(), durable.getAsLong()));
            try (LedgerCursor check = new LedgerCursor(files, () -> target, listener, false)) {
                while (!closing && check.position() < target) {
                    long before = check.position();
                    check.skipTo(Math.min(target, before + 10_000));
                    if (check.position() == before) {
                        break;
                    }
                }
            }
            if (!closing) {
                String summary = count + " sealed segments (" + lastSeal.endSeq() + " records) in "
                        + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s";
                state = damageFound > 0 ? "DAMAGED: " + damageFound + " damaged places in " + summary : "verified " + summary;
                LOG.info("ledger {}: {}", files.dir(), state);
            }
        } catch (RuntimeException e) {
            if (!closing) {
                state = "check failed: " + e.getMessage();
                LOG.warn("ledger {}: could not re-check the sealed segments: {}", files.dir(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
