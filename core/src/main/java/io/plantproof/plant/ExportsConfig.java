package io.plantproof.plant;

import java.util.Map;

/**
 * How ERP/MES/historian export files are read: the watched folder, acceptance policy, limits and the
 * column mapping of each table (keys as in docs/exports.md); anything left out uses the built-in Chinese headers.
 *
 * @param watchDir       folder polled for new files; {@code null} disables watching
 * @param stableSeconds  a file is imported once its size has not changed for this long (default 10, at most an hour)
 * @param acceptGoodRows {@code true} imports the good rows of a file with bad rows (still listing every bad
 *                       one); default {@code false}: a file is accepted whole or rejected whole
 * @param maxRows        files with more data rows are rejected (default 2,000,000) so a runaway export cannot
 *                       fill the disk or the ledger
 * @param tables         per-table mapping by table key: register, production, energy, headcount, cost, orders,
 *                       purchases, investment, historian
 */
public record ExportsConfig(String watchDir, Integer stableSeconds, Boolean acceptGoodRows, Integer maxRows,
                            Map<String, ExportTableMapping> tables) {

    public ExportsConfig {
        stableSeconds = stableSeconds == null ? 10 : stableSeconds;
        acceptGoodRows = acceptGoodRows != null && acceptGoodRows;
        maxRows = maxRows == null ? 2_000_000 : maxRows;
        tables = Copies.sorted(tables);
    }

    /** Only a watched folder; everything else at its default. */
    public ExportsConfig(String watchDir) {
        this(watchDir, null, null, null, null);
    }

    /** The mapping of one table, or the all-defaults mapping when the plant file has none. */
    public ExportTableMapping table(String key) {
        return tables.getOrDefault(key, ExportTableMapping.DEFAULTS);
    }

    void check(FieldPath at, PlantProblems out) {
        out.range(at.field("stableSeconds"), stableSeconds, 1, 3600);
        out.range(at.field("maxRows"), maxRows, 1, Integer.MAX_VALUE);
        tables.forEach((key, mapping) -> {
            if (out.required(at.field("tables").field(key), mapping)) {
                out.range(at.field("tables").field(key).field("headerRow"), mapping.headerRow(), 1, 1000);
            }
        });
    }

    /** Whether a file of this table with some bad rows still imports its good rows. */
    public boolean acceptsGoodRows(String key) {
        Boolean own = table(key).acceptGoodRows();
        return own == null ? acceptGoodRows : own;
    }
}
