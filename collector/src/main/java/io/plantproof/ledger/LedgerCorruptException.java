package io.plantproof.ledger;

/**
 * The ledger on disk does not match its own CRCs or hash chain; the message names segment and seq.
 */
public class LedgerCorruptException extends RuntimeException {
    public LedgerCorruptException(String message) {
        super(message);
    }
}
