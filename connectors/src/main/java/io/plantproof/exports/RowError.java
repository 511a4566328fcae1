package io.plantproof.exports;

/**
 * Why a cell (or a whole file) of an export was rejected: file, sheet ({@code null} for CSV), 1-based row as a
 * spreadsheet shows it (0 for the file as a whole), column header with its place, the value and the reason.
 */
public record RowError(String file, String sheet, int row, String column, String value, String reason) {

    /** A problem with the file as a whole, e.g. no known header or an unreadable workbook. */
    static RowError ofFile(String file, String reason) {
        return new RowError(file, null, 0, "(file)", "", reason);
    }

    @Override
    public String toString() {
        return file + (sheet == null ? "" : " sheet '" + sheet + "'") + (row == 0 ? "" : " row " + row)
                + " column " + column + " ('" + value + "'): " + reason;
    }
}
