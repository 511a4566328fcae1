package io.plantproof.exports;

/**
 * Text made safe to write into a spreadsheet cell: a leading {@code = + - @}, tab or CR would make Excel or
 * LibreOffice treat applicant-supplied text (a supplier name, an equipment name) as a formula (CSV/formula injection).
 */
public final class SpreadsheetText {

    private SpreadsheetText() {
    }

    /** The text with a single quote in front when it starts like a formula; {@code null} stays {@code null}. */
    public static String safe(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return switch (text.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + text;
            default -> text;
        };
    }
}
