package io.plantproof.store;

/**
 * The store cannot take or serve data right now; writers keep the data in the ledger and retry.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
