package io.plantproof.mqtt;

/**
 * Thrown by a {@link PayloadMapper} when a message cannot become samples; its message is the dead letter's reason.
 * Unchecked because it is always caught by the connector right after mapping.
 */
public final class UnmappableMessageException extends RuntimeException {

    public UnmappableMessageException(String reason) {
        super(reason);
    }
}
