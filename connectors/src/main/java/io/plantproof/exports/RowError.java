package io.plantproof.exports;

/**
 * Why one cell of an export file was rejected: file, 1-based row, column header, the value and the reason.
 */
public record RowError(String file, int row, String column, String value, String reason) {

    @Override
    public String toString() {
        return file + " row " + row + " column " + column + " ('" + value + "'): " + reason;
    }
}
