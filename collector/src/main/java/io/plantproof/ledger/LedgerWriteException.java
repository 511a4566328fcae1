package io.plantproof.ledger;

/**
 * The disk refused a ledger append (full disk, I/O error): the batch is not in the ledger and must not be
 * acknowledged; whatever the failed write left in the segment was cut off before the next append.
 */
public class LedgerWriteException extends RuntimeException {
    public LedgerWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
