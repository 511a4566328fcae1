package io.plantproof.ledger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Seals closed days into the evidence log every day shortly after midnight plant time (the grace
 * period for data still in flight) and signs checkpoints at a fixed interval, on one background thread.
 * Usage: {@code try (var s = new EvidenceSchedule(log, zone, EvidenceSchedule.Settings.defaults()).start()) {...}}
 */
public final class EvidenceSchedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceSchedule.class);

    private final EvidenceLog log;
    private final ZoneId zone;
    private final Settings settings;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private long lastCheckpointSize;
    private final CheckpointListener listener;

    /**
     * When to seal (local plant time each day; data for yesterday arriving before then is not late)
     * and how often to sign a checkpoint of the tree when it has grown.
     */
    public record Settings(LocalTime sealAt, Duration checkpointEvery) {

        public Settings {
            if (checkpointEvery.isNegative() || checkpointEvery.isZero()) {
                throw new IllegalArgumentException("checkpoint interval must be positive, was " + checkpointEvery);
            }
        }

        /** Seal at 00:10, checkpoint hourly. */
        public static Settings defaults() {
            return new Settings(LocalTime.of(0, 10), Duration.ofHours(1));
        }
    }

    /** What one sealing run did: parts sealed and the size of the checkpoint signed after it, or -1 if the tree did not grow. */
    public record SealRun(int partsSealed, long checkpointSize) {
    }

    public EvidenceSchedule(EvidenceLog log, ZoneId zone, Settings settings) {
        this(log, zone, settings, Clock.systemUTC(), null);
    }

    /**
     * {@code clock} gives the seal and checkpoint times written into the log; {@code listener} (or {@code null}) hears
     * of every checkpoint signed, to have it anchored (the daily one, after the seal, is the one to time-stamp).
     */
    public EvidenceSchedule(EvidenceLog log, ZoneId zone, Settings settings, Clock clock, CheckpointListener listener) {
        this.log = log;
        this.zone = zone;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener == null ? (size, daily) -> { } : listener;
        List<Long> stored = log.checkpointSizes();
        this.lastCheckpointSize = stored.isEmpty() ? -1 : stored.get(stored.size() - 1);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "evidence-schedule");
            t.setDaemon(true);
            return t;
        });
    }

    /** Schedules the daily seal and the periodic checkpoint. */
    public EvidenceSchedule start() {
        scheduleNextSeal();
        long every = settings.checkpointEvery().toMillis();
        executor.scheduleWithFixedDelay(this::checkpointLogged, every, every, TimeUnit.MILLISECONDS);
        LOG.info("evidence: sealing daily at {} {} (next {}), checkpoint every {}", settings.sealAt(), zone,
                nextSealTime(clock.instant()), settings.checkpointEvery());
        return this;
    }

    /** Seals everything in the ledger now and checkpoints, on the schedule's thread; blocks until done. */
    public SealRun sealNow() {
        try {
            return executor.submit(this::sealAndCheckpoint).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sealing evidence", e);
        }
    }

    /** The first daily seal time strictly after {@code now}, in plant time (DST-safe: computed per day). */
    public Instant nextSealTime(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime today = local.toLocalDate().atTime(settings.sealAt()).atZone(zone);
        return (today.toInstant().isAfter(now) ? today : local.toLocalDate().plusDays(1).atTime(settings.sealAt()).atZone(zone))
                .toInstant();
    }

    private void scheduleNextSeal() {
        Instant now = clock.instant();
        long delay = Math.max(0, Duration.between(now, nextSealTime(now)).toMillis());
        executor.schedule(() -> {
            try {
                sealAndCheckpoint();
            } catch (RuntimeException e) {
                LOG.error("evidence: scheduled seal failed ({}); the ledger still holds the data, it is sealed on the "
                        + "next run or by `plantproof ledger checkpoint`", e.toString(), e);
            } finally {
                scheduleNextSeal();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private SealRun sealAndCheckpoint() {
        int parts = log.seal(clock.instant());
        long size = checkpointIfGrown(true);
        LOG.info("evidence: sealed {} parts; {}", parts, size < 0 ? "tree unchanged, no checkpoint"
                : "checkpoint of " + size + " leaves signed by " + log.key().fingerprint());
        return new SealRun(parts, size);
    }

    private void checkpointLogged() {
        try {
            checkpointIfGrown(false);
        } catch (RuntimeException e) {
            LOG.error("evidence: scheduled checkpoint failed ({}); retried at the next interval", e.toString(), e);
        }
    }

    /**
     * Signs a checkpoint unless the tree is empty or the last one already covers every leaf, and tells the listener
     * ({@code daily} after the daily seal). Returns its size, or -1.
     */
    private long checkpointIfGrown(boolean daily) {
        int size = log.leaves().size();
        if (size == 0 || size == lastCheckpointSize) {
            return -1;
        }
        log.checkpoint(clock.instant());
        lastCheckpointSize = size;
        listener.signed(size, daily);
        return size;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
