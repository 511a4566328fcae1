package io.plantproof.mqtt;

import java.time.Instant;

/**
 * An MQTT message that could not be turned into samples, kept with its raw bytes so it can be inspected or replayed.
 * {@code connection} is the plant file's MQTT connection id; {@code reason} says what was wrong with it.
 */
public record DeadLetter(String connection, String topic, byte[] payload, String reason, Instant at) {

    public DeadLetter {
        // the caller's buffer may be reused by the MQTT client, so keep our own copy
        payload = payload == null ? new byte[0] : payload.clone();
    }
}
