package io.plantproof.forms;

import java.util.Locale;

/**
 * How many decimals a form field shows, the same in DOCX text, XLSX number formats and HTML:
 * counts as integers, 万元 and percentages with two decimals, tce/万元 with four (values are small).
 */
public enum NumberStyle {
    INTEGER(0), ONE_DECIMAL(1), TWO_DECIMALS(2), FOUR_DECIMALS(4);

    private final int decimals;

    NumberStyle(int decimals) {
        this.decimals = decimals;
    }

    /** The style of an indicator's unit as the catalogue spells it. */
    public static NumberStyle forUnit(String unit) {
        return switch (unit) {
            case "台", "家" -> INTEGER;
            case "人" -> ONE_DECIMAL;
            case "tce/万元" -> FOUR_DECIMALS;
            default -> TWO_DECIMALS;
        };
    }

    public String format(double value) {
        // adding 0.0 turns a negated zero into 0.0, so a reduction of nothing never prints as "-0.00"
        return String.format(Locale.ROOT, "%." + decimals + "f", value + 0.0);
    }

    /** The Excel number format with the same decimals. */
    public String excelFormat() {
        return decimals == 0 ? "0" : "0." + "0".repeat(decimals);
    }
}
