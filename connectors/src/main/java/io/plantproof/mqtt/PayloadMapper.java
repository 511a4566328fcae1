package io.plantproof.mqtt;

import io.plantproof.sample.SampleBatch;

/**
 * Turns one MQTT message of one connection into samples, one implementation per payload format.
 * Called from a single thread per connection; a message that cannot be mapped is rejected as a whole.
 */
public interface PayloadMapper {

    /**
     * The samples of one message, possibly none (e.g. a Sparkplug birth of metrics nobody maps).
     *
     * @throws UnmappableMessageException with the reason the dead letter will carry
     */
    SampleBatch map(String topic, byte[] payload, long arrivalMillis);
}
