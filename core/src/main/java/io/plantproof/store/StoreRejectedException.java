package io.plantproof.store;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The store refuses samples for good (a timestamp or value it cannot represent): retrying cannot help, so the store
 * writer quarantines them with the reason and moves on; they stay in the ledger and the evidence log. Nothing of the
 * refused write was stored. When the store knows which samples it refuses, {@link #refused()} names them by their
 * index in the list written; otherwise it is empty and the writer narrows the batch down itself.
 */
public class StoreRejectedException extends RuntimeException {

    private final SortedMap<Integer, String> refused;

    /** The whole write was refused; which sample caused it is not known. */
    public StoreRejectedException(String reason, Throwable cause) {
        super(reason, cause);
        this.refused = new TreeMap<>();
    }

    /** Exactly these samples (index in the list written → reason) are refused; the others would be taken. */
    public StoreRejectedException(SortedMap<Integer, String> refused) {
        super(refused.size() + " samples refused, the first (#" + refused.firstKey() + "): " + refused.get(refused.firstKey()));
        this.refused = new TreeMap<>(refused);
    }

    /** The refused samples by index with their reasons; empty when not known. */
    public Map<Integer, String> refused() {
        return refused;
    }
}
