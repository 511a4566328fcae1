package io.plantproof.exports;

import java.io.IOException;
import java.util.List;

/**
 * A CSV file or an XLSX workbook read as sheets of text rows, streamed so that big files stay out of memory.
 * Cells arrive as text: numbers in plain notation, date-formatted Excel cells as ISO dates, formulas as their cached result.
 */
interface TabularFile extends AutoCloseable {

    /** Sheet names in workbook order; a CSV file has one sheet named {@code null}. */
    List<String> sheets() throws IOException;

    /** Streams the rows of one sheet in order until the visitor returns {@code false}; blank rows are skipped. */
    void rows(String sheet, RowVisitor visitor) throws IOException;

    @Override
    void close() throws IOException;

    /** Receives one row: its 1-based number as a person would see it (CSV line, Excel row) and its cells. */
    @FunctionalInterface
    interface RowVisitor {
        boolean row(int number, List<String> cells);
    }
}
