package io.plantproof.plant;

import java.util.Map;

/**
 * Where one export table's fields are in the file: header row, sheet, and per field a header text or a
 * 1-based column position; unmapped fields keep their built-in Chinese headers.
 *
 * @param headerRow      1-based row holding the headers (the last one when headers span merged rows);
 *                       {@code null} finds it among the first 20 rows
 * @param sheet          XLSX sheet name; {@code null} takes the first sheet whose headers match
 * @param columns        field key → header text, or digits for a 1-based column position (e.g. {@code "3"})
 * @param values         cell texts that mean yes/no in flag columns, added to the built-in 是/否, Y/N, 1/0, √
 * @param acceptGoodRows overrides {@link ExportsConfig#acceptGoodRows()} for this table
 */
public record ExportTableMapping(Integer headerRow, String sheet, Map<String, String> columns,
                                 Map<String, Boolean> values, Boolean acceptGoodRows) {

    /** Built-in headers, header row found automatically. */
    public static final ExportTableMapping DEFAULTS = new ExportTableMapping(null, null, null, null, null);

    public ExportTableMapping {
        columns = Copies.sorted(columns);
        values = Copies.sorted(values);
    }
}
