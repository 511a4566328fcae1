package io.plantproof.ledger;

/** Hears of every checkpoint the evidence schedule signs, e.g. to submit it to a witness and a time-stamp authority. */
@FunctionalInterface
public interface CheckpointListener {

    /**
     * Called on the schedule's thread; must not block for long. {@code daily} marks the checkpoint signed after the
     * daily seal, the one worth an RFC 3161 time-stamp.
     */
    void signed(long treeSize, boolean daily);
}
