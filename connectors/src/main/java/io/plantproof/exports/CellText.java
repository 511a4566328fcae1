package io.plantproof.exports;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the dates and numbers of export cells in the spellings Chinese ERP/MES exports use:
 * 2025-07-01, 2025/7/1, 2025年7月1日, 20250701, Excel serial days; 1,234.5 and numbers stored as text.
 */
final class CellText {

    private static final Pattern DAY = Pattern.compile("(\\d{4})\\s*(?:[-/.年])\\s*(\\d{1,2})\\s*(?:[-/.月])\\s*(\\d{1,2})\\s*日?"
            + "(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)?");
    private static final Pattern COMPACT_DAY = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})\\s*(?:[-/.年])\\s*(\\d{1,2})\\s*月?");
    private static final Pattern SERIAL = Pattern.compile("\\d{2,5}(?:\\.\\d+)?");
    /** Excel serial 61 is 1900-03-01; earlier serials carry Excel's 1900 leap-year bug and never occur in exports. */
    private static final int FIRST_SERIAL = 61;
    private static final LocalDate SERIAL_EPOCH = LocalDate.of(1899, 12, 30);

    private CellText() {
    }

    /** A day, or {@code null} if the text is not one of the accepted spellings. */
    static LocalDate day(String text) {
        String s = text.trim();
        try {
            Matcher m = DAY.matcher(s);
            if (m.matches()) {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
            m = COMPACT_DAY.matcher(s);
            if (m.matches()) {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
        } catch (java.time.DateTimeException e) {
            return null; // 2025-02-30 and the like
        }
        if (SERIAL.matcher(s).matches()) {
            double serial = Double.parseDouble(s);
            return serial < FIRST_SERIAL ? null : SERIAL_EPOCH.plusDays((long) Math.floor(serial));
        }
        return null;
    }

    /** The first day of a month written as 2025-07 or 2025年7月, else {@link #day}; {@code null} if neither. */
    static LocalDate dayOrMonth(String text) {
        Matcher m = MONTH.matcher(text.trim());
        if (m.matches()) {
            int month = Integer.parseInt(m.group(2));
            return month < 1 || month > 12 ? null : YearMonth.of(Integer.parseInt(m.group(1)), month).atDay(1);
        }
        return day(text);
    }

    /** A number written with or without thousands separators (also full-width ，), or {@code null}. */
    static Double number(String text) {
        String s = text.trim().replace(",", "").replace("，", "");
        if (s.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A header as compared with the mapping: no blanks or line breaks, full-width brackets made ASCII. */
    static String header(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '（' -> b.append('(');
                case '）' -> b.append(')');
                case ' ', '\t', '\r', '\n', '\u3000', '\uFEFF' -> {
                }
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
