package io.plantproof.anchoring;

import io.plantproof.ledger.CheckpointListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The collector's side of anchoring: every checkpoint signed is queued and submitted on a thread of its own, oldest
 * first, and one that fails (witness or TSA down, network cut) is retried with back-off, 5 s doubling up to 10 min,
 * until it succeeds. Nothing is lost in between: the checkpoints stay in the evidence log folder, and a retry after
 * a restart starts from there (the next checkpoint is submitted with a proof from the last size the witness cosigned).
 */
public final class AnchorQueue implements CheckpointListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnchorQueue.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration LAST_RETRY = Duration.ofMinutes(10);

    private final Anchoring anchoring;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "evidence-anchoring");
        t.setDaemon(true);
        return t;
    });
    /** Checkpoints not yet anchored: size to whether a time-stamp is wanted. Touched on the executor thread only. */
    private final TreeMap<Long, Boolean> pending = new TreeMap<>();
    private Duration backOff = FIRST_RETRY;
    private boolean retryScheduled;
    /** Read by the gauge from any thread. */
    private volatile int waiting;

    /** Reports {@code plantproof.evidence.anchoring.pending}, the checkpoints not anchored yet, to {@code meters}. */
    public AnchorQueue(Anchoring anchoring, MeterRegistry meters) {
        this.anchoring = anchoring;
        Gauge.builder("plantproof.evidence.anchoring.pending", this, q -> q.waiting)
                .description("checkpoints waiting for a witness cosignature or time-stamp (retried with back-off)").register(meters);
    }

    @Override
    public void signed(long treeSize, boolean daily) {
        if (anchoring.configured()) {
            executor.execute(() -> {
                pending.merge(treeSize, daily, Boolean::logicalOr);
                attempt();
            });
        }
    }

    private void attempt() {
        while (!pending.isEmpty()) {
            var next = pending.firstEntry();
            Anchoring.Attempt attempt = anchoring.anchor(next.getKey(), next.getValue());
            if (!attempt.done()) {
                waiting = pending.size();
                if (!retryScheduled) {
                    LOG.warn("evidence: checkpoint of {} leaves is not anchored yet ({}); retrying in {}s", next.getKey(),
                            attempt.problem(), backOff.toSeconds());
                    retryScheduled = true;
                    executor.schedule(() -> {
                        retryScheduled = false;
                        attempt();
                    }, backOff.toMillis(), TimeUnit.MILLISECONDS);
                    Duration doubled = backOff.multipliedBy(2);
                    backOff = doubled.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : doubled;
                }
                return;
            }
            pending.pollFirstEntry();
            backOff = FIRST_RETRY;
        }
        waiting = 0;
    }

    /** How many checkpoints wait to be anchored, for status lines and tests. */
    public int pending() {
        try {
            return executor.submit(pending::size).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
