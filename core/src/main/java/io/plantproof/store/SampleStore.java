package io.plantproof.store;

import io.plantproof.sample.Sample;

import java.util.List;

/**
 * A time-series store: writes batches idempotently per (device, signal, timestamp) and scans them back.
 * Implementations: QuestDB embedded (default) and InfluxDB 2.x.
 */
public interface SampleStore extends SampleSource, AutoCloseable {

    /**
     * Writes samples; writing the same (device, signal, timestamp) again replaces the value, so a
     * replay makes no duplicates. Throws {@link StoreUnavailableException} when the store cannot take writes.
     */
    void write(List<Sample> samples);

    /** Blocks until everything written so far is visible to {@link #scan}. */
    void awaitVisible();

    /** Number of stored samples for a device and signal in [fromMillis, toMillis). */
    long count(String device, String signal, long fromMillis, long toMillis);

    @Override
    void close();
}
