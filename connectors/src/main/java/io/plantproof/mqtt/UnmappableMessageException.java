package io.plantproof.mqtt;

/**
 * Thrown by {@link TelemetryMapper} when a message cannot become samples; its message is the dead letter's reason.
 * Unchecked because it is always caught by the connector right after mapping.
 */
final class UnmappableMessageException extends RuntimeException {

    UnmappableMessageException(String reason) {
        super(reason);
    }
}
