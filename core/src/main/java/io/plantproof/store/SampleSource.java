package io.plantproof.store;

import io.plantproof.sample.Sample;

import java.util.function.Consumer;

/**
 * Read side of stored samples: what the metric engine computes from. Implemented by the stores
 * and by the raw evidence chunks inside a bundle, so the verifier reuses the same engine.
 */
public interface SampleSource {

    /**
     * Streams the samples of one device and signal with {@code fromMillis <= ts < toMillis} in
     * timestamp order, one sample per timestamp (the last written wins).
     */
    void scan(String device, String signal, long fromMillis, long toMillis, Consumer<Sample> consumer);

    /**
     * Whether scans of different devices may run at the same time on different threads (one device is always
     * scanned by one thread at a time). The metric engine analyses devices in parallel only then.
     */
    default boolean concurrentScans() {
        return false;
    }
}
