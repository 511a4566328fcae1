package io.plantproof.exports;

import java.util.List;

/**
 * The outcome of importing one file: accepted (with its samples now in the ledger), already
 * imported (same content hash, nothing changed), or rejected with every bad row listed.
 */
public record ImportResult(String file, String sha256, String table, Status status, long rows, long samples,
                           List<RowError> errors) {

    /** What happened to the file as a whole. */
    public enum Status { ACCEPTED, ALREADY_IMPORTED, REJECTED }
}
