package io.plantproof.sample;

/**
 * Where connectors deliver samples. {@link #accept} returns only once the batch is durable,
 * so a connector may acknowledge upstream (MQTT QoS 1, an import "accepted") after it returns.
 */
@FunctionalInterface
public interface SampleSink {

    /** Makes the batch durable; throws if it could not, in which case nothing must be acknowledged. */
    void accept(SampleBatch batch);
}
