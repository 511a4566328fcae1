package io.plantproof.ledger;

/**
 * The ledger refused a batch because its backlog not yet in the store exceeds the configured bound.
 * Connectors must not acknowledge the batch, so it stays with its source (e.g. on the MQTT broker).
 */
public class LedgerFullException extends RuntimeException {
    public LedgerFullException(String message) {
        super(message);
    }
}
