package io.plantproof.store;

/**
 * The store refuses these samples for good (a timestamp or value it cannot represent): retrying cannot help, so the
 * store writer quarantines them with this reason and moves on; the samples stay in the ledger and the evidence log.
 */
public class StoreRejectedException extends RuntimeException {
    public StoreRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
