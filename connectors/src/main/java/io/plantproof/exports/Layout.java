package io.plantproof.exports;

import io.plantproof.plant.ExportTableMapping;
import io.plantproof.plant.ExportsConfig;
import org.apache.poi.ss.util.CellReference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a table sits in a file: the table, its sheet, header row and the column of each field,
 * found from the plant file's mapping or the built-in Chinese headers.
 */
record Layout(ExportTable table, String sheet, int headerRow, Map<String, Integer> columns, Map<String, String> headers) {

    /** Rows searched for a header when the mapping does not name the header row. */
    static final int HEADER_SEARCH_ROWS = 20;

    /** How a column is named in errors: its header and its place (Excel letter, or 1-based CSV position). */
    String label(String field) {
        Integer i = columns.get(field);
        if (i == null) {
            return field;
        }
        return headers.get(field) + " (column " + (sheet == null ? Integer.toString(i + 1) : CellReference.convertNumToColString(i)) + ")";
    }

    /**
     * The best-matching table in the file, or {@code null} when no sheet has the headers of any table.
     * {@code only} restricts the search to one table.
     */
    static Layout locate(TabularFile file, ExportsConfig config, ExportTable only) throws IOException {
        Layout best = null;
        for (String sheet : file.sheets()) {
            List<Integer> numbers = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            int deepest = config.tables().values().stream().map(ExportTableMapping::headerRow)
                    .filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).max().orElse(0);
            int limit = Math.max(HEADER_SEARCH_ROWS, deepest);
            file.rows(sheet, (n, cells) -> {
                if (n > limit) {
                    return false;
                }
                numbers.add(n);
                rows.add(cells);
                return true;
            });
            for (ExportTable t : ExportTable.values()) {
                if (only != null && t != only) {
                    continue;
                }
                ExportTableMapping mapping = config.table(t.key);
                if (mapping.sheet() != null && !mapping.sheet().equals(sheet)) {
                    continue;
                }
                for (int i = 0; i < rows.size(); i++) {
                    if (mapping.headerRow() != null && numbers.get(i) != mapping.headerRow().intValue()) {
                        continue;
                    }
                    Layout l = match(t, mapping, sheet, numbers.get(i), rows.get(i));
                    if (l != null && (best == null || l.columns.size() > best.columns.size())) {
                        best = l;
                    }
                    if (l != null) {
                        break; // the first header row of a table wins over a repeat further down
                    }
                }
            }
            if (best != null) {
                return best; // the first sheet holding a table
            }
        }
        return null;
    }

    private static Layout match(ExportTable table, ExportTableMapping mapping, String sheet, int row, List<String> header) {
        Map<String, Integer> byHeader = new HashMap<>();
        for (int i = header.size() - 1; i >= 0; i--) {
            byHeader.put(CellText.header(header.get(i)), i); // leftmost wins when a header repeats
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Field f : table.fields) {
            String mapped = mapping.columns().get(f.key());
            Integer at = null;
            if (mapped != null && mapped.trim().matches("\\d+")) {
                at = Integer.parseInt(mapped.trim()) - 1;
            } else {
                for (String h : mapped != null ? List.of(mapped) : f.headers()) {
                    at = byHeader.get(CellText.header(h));
                    if (at != null) {
                        break;
                    }
                }
            }
            if (at == null || at < 0) {
                if (f.required()) {
                    return null;
                }
                continue;
            }
            columns.put(f.key(), at);
            names.put(f.key(), at < header.size() && !header.get(at).isBlank() ? CellText.header(header.get(at)) : f.key());
        }
        return new Layout(table, sheet, row, Map.copyOf(columns), Map.copyOf(names));
    }
}
