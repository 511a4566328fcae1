package io.plantproof.ledger;

import io.plantproof.sample.SampleBatch;

/**
 * One durable ledger record: its sequence number, chain hash and the batch it holds.
 */
public record LedgerEntry(long seq, byte[] hash, SampleBatch batch) {
}
