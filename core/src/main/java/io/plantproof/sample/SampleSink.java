package io.plantproof.sample;

import java.util.List;

/**
 * Where connectors deliver samples. {@link #accept} returns only once the batch is durable,
 * so a connector may acknowledge upstream (MQTT QoS 1, an import "accepted") after it returns.
 */
@FunctionalInterface
public interface SampleSink {

    /** Makes the batch durable; throws if it could not, in which case nothing must be acknowledged. */
    void accept(SampleBatch batch);

    /**
     * Makes the batches durable in order, all of them or, if it throws, possibly only a prefix: nothing of them may
     * be acknowledged then. The ledger writes them with one fsync; this default simply accepts one after another.
     */
    default void acceptAll(List<SampleBatch> batches) {
        for (SampleBatch b : batches) {
            accept(b);
        }
    }
}
