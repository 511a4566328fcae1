package io.plantproof.mqtt;

/**
 * Where a connector puts messages it cannot map, before acknowledging them so they never block the ones behind.
 * Implementations must be thread-safe; {@link #add} must not throw for ordinary input.
 */
public interface DeadLetters {

    /** Keeps one rejected message. */
    void add(DeadLetter letter);
}
