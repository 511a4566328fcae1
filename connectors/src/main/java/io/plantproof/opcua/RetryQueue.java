package io.plantproof.opcua;

import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands an OPC UA connection's batches to the sink and holds those it refuses (a full or failing ledger) in memory,
 * in arrival order, for one thread to hand over again with back-off; while any are held, newer batches queue behind
 * them, so the sink still receives them in order. Past {@code maxSamples} the oldest held batches are dropped,
 * counted and reported with their time range: an OPC UA server cannot replay what the collector failed to keep.
 */
final class RetryQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetryQueue.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    /** A ledger refuses until the store has caught up; retrying every 5 s at most costs it nothing meanwhile. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** Losses are aggregated into one ERROR at most this often, so a long refusal does not flood the log. */
    private static final long LOSS_REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final SampleSink sink;
    private final long maxSamples;
    private final String connectionId;
    private final ScheduledThreadPoolExecutor retrier;
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong lostSamples = new AtomicLong();

    // Guarded by this.
    private final Deque<SampleBatch> held = new ArrayDeque<>();
    private long heldSamples;
    /** The held batch the retry thread is handing over now; never dropped, since it may already be durable. */
    private SampleBatch inFlight;
    private boolean retryScheduled;
    private long unreportedLoss;
    private long unreportedFrom = Long.MAX_VALUE;
    private long unreportedTo = Long.MIN_VALUE;
    private long lastLossReport;
    private boolean lossReportedOnce;
    private volatile long heldSamplesNow;
    private volatile int heldBatchesNow;

    // Touched only by the retry thread, or by close() once that thread has ended.
    private Duration backoff = MIN_BACKOFF;

    RetryQueue(SampleSink sink, long maxSamples, String connectionId) {
        this.sink = sink;
        this.maxSamples = maxSamples;
        this.connectionId = connectionId;
        this.retrier = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "opcua-" + connectionId + "-retry");
            t.setDaemon(true);
            return t;
        });
        // A pending retry must not outlive close(); close() makes the last attempt itself.
        retrier.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Hands {@code batch} to the sink now, or holds it behind the batches already held; never throws. */
    void offer(SampleBatch batch) {
        synchronized (this) {
            if (!held.isEmpty()) {
                hold(batch);
                return;
            }
        }
        try {
            sink.accept(batch);
        } catch (RuntimeException e) {
            refusals.incrementAndGet();
            synchronized (this) {
                if (held.isEmpty()) {
                    log.warn("OPC UA {}: the sink refused a batch of {} samples ({}); holding it and newer batches in memory "
                            + "(up to {} samples) and retrying in order", connectionId, batch.size(), e.getMessage(), maxSamples);
                }
                hold(batch);
                scheduleRetry(MIN_BACKOFF);
            }
        }
    }

    /** Samples held for retry now. */
    long heldSamples() {
        return heldSamplesNow;
    }

    /** Batches held for retry now. */
    int heldBatches() {
        return heldBatchesNow;
    }

    /** Hand-overs the sink refused, retries included. */
    long refusals() {
        return refusals.get();
    }

    /** Samples dropped because the queue was over its bound, or still held at close. */
    long lostSamples() {
        return lostSamples.get();
    }

    /** Stops retrying, makes one last attempt to hand over what is held, and reports the rest as lost. */
    @Override
    public void close() {
        retrier.shutdown();
        try {
            // Never interrupted: an interrupt inside the ledger's fsync would close its file channel.
            retrier.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
        synchronized (this) {
            for (SampleBatch batch : held) {
                lose(batch);
            }
            held.clear();
            heldSamples = 0;
            counted();
            reportLoss(true, "the connection closed while the sink still refused them");
        }
    }

    private void hold(SampleBatch batch) {
        held.addLast(batch);
        heldSamples += batch.size();
        for (Iterator<SampleBatch> oldest = held.iterator(); heldSamples > maxSamples && oldest.hasNext(); ) {
            SampleBatch candidate = oldest.next();
            if (candidate != inFlight) {
                oldest.remove();
                heldSamples -= candidate.size();
                lose(candidate);
            }
        }
        counted();
        reportLoss(false, "the retry queue is over its bound of " + maxSamples + " samples (retryQueueSamples)");
    }

    private void lose(SampleBatch batch) {
        lostSamples.addAndGet(batch.size());
        unreportedLoss += batch.size();
        for (Sample s : batch.samples()) {
            unreportedFrom = Math.min(unreportedFrom, s.epochMillis());
            unreportedTo = Math.max(unreportedTo, s.epochMillis());
        }
    }

    private void counted() {
        heldSamplesNow = heldSamples;
        heldBatchesNow = held.size();
    }

    private void reportLoss(boolean now, String why) {
        long at = System.nanoTime();
        if (unreportedLoss == 0 || (!now && lossReportedOnce && at - lastLossReport < LOSS_REPORT_NANOS)) {
            return;
        }
        log.error("OPC UA {}: LOST {} samples stamped {} .. {}: the sink (ledger) refused them and {}; {} samples lost "
                        + "since start. Check why the ledger refuses (its backlog bound: is the store writer behind? a failing disk?)",
                connectionId, unreportedLoss, Instant.ofEpochMilli(unreportedFrom), Instant.ofEpochMilli(unreportedTo), why,
                lostSamples.get());
        unreportedLoss = 0;
        unreportedFrom = Long.MAX_VALUE;
        unreportedTo = Long.MIN_VALUE;
        lastLossReport = at;
        lossReportedOnce = true;
    }

    private void scheduleRetry(Duration delay) {
        if (retryScheduled) {
            return;
        }
        try {
            retrier.schedule(this::retry, delay.toMillis(), TimeUnit.MILLISECONDS);
            retryScheduled = true;
        } catch (RejectedExecutionException e) {
            log.debug("OPC UA {}: closing, retry left to close()", connectionId);
        }
    }

    private void retry() {
        boolean emptied = drain();
        synchronized (this) {
            retryScheduled = false;
            // A batch refused after drain() emptied the queue found this retry still scheduled, so it is picked up here.
            if (held.isEmpty()) {
                backoff = MIN_BACKOFF;
                reportLoss(true, "the retry queue was over its bound of " + maxSamples + " samples (retryQueueSamples)");
                log.info("OPC UA {}: the sink accepts again; every held batch is handed over", connectionId);
                return;
            }
            Duration doubled = backoff.multipliedBy(2);
            backoff = emptied ? MIN_BACKOFF : doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
            scheduleRetry(backoff);
        }
    }

    /** Hands held batches over oldest first until none is left (true) or the sink refuses one (false). */
    private boolean drain() {
        while (true) {
            SampleBatch head;
            synchronized (this) {
                head = held.peekFirst();
                if (head == null) {
                    return true;
                }
                inFlight = head;
            }
            try {
                sink.accept(head);
            } catch (RuntimeException e) {
                refusals.incrementAndGet();
                log.debug("OPC UA {}: the sink still refuses ({}); {} samples held", connectionId, e.getMessage(), heldSamplesNow);
                synchronized (this) {
                    inFlight = null;
                }
                return false;
            }
            synchronized (this) {
                inFlight = null;
                // Still first: new batches go to the back and trimming skips the batch in flight.
                held.removeFirst();
                heldSamples -= head.size();
                counted();
            }
        }
    }
}
