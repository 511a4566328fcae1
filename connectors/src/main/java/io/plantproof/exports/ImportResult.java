package io.plantproof.exports;

import java.util.List;

/**
 * The outcome of importing one file: accepted (its samples are durable in the ledger), already imported (same
 * content hash, nothing changed) or rejected; {@code errors} lists every bad cell in either case.
 *
 * @param rows            data rows read (header excluded)
 * @param samples         samples handed to the sink (0 unless accepted)
 * @param errors          every bad cell; non-empty on an accepted file only when {@code acceptGoodRows} let the
 *                        good rows in, and then these rows were left out
 * @param openLines       order/purchase lines neither delivered nor yet due: no on-time value yet
 * @param earlierVersions SHA-256 of earlier, different contents imported under the same file name (all kept)
 */
public record ImportResult(String file, String sha256, String table, Status status, long rows, long samples,
                           List<RowError> errors, long openLines, List<String> earlierVersions) {

    public ImportResult {
        errors = List.copyOf(errors);
        earlierVersions = List.copyOf(earlierVersions);
    }

    /** What happened to the file as a whole. */
    public enum Status { ACCEPTED, ALREADY_IMPORTED, REJECTED }
}
