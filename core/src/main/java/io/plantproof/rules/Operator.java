package io.plantproof.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * A comparison as the notice words it: 以上 (≥, the limit included), 大于 (>), 达到 (=) and 低于 (<).
 * Rule files and JSON results write the ASCII symbol; text and documents write the notice's word.
 */
public enum Operator {
    AT_LEAST(">=", "≥", "以上"),
    GREATER(">", ">", "大于"),
    EQUAL("=", "=", "达到"),
    LESS("<", "<", "低于");

    /**
     * Ratios such as 1.21 / 1.1 land a few ulps off the percentage an applicant computes by hand
     * (9.999999999999988 for 10 %); a tolerance far below the two decimals the forms show keeps a
     * limit reached exactly on the side the notice puts it.
     */
    static final double TOLERANCE = 1e-9;

    private final String ascii;
    private final String symbol;
    private final String word;

    Operator(String ascii, String symbol, String word) {
        this.ascii = ascii;
        this.symbol = symbol;
        this.word = word;
    }

    /** The operator a rule file writes ({@code >=}, {@code >}, {@code =}, {@code <}). */
    @JsonCreator
    public static Operator of(String ascii) {
        for (Operator o : values()) {
            if (o.ascii.equals(ascii)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown operator '" + ascii + "' (known: >=, >, =, <)");
    }

    @JsonValue
    public String ascii() {
        return ascii;
    }

    /** The mathematical sign: ≥ > = <. */
    public String symbol() {
        return symbol;
    }

    /** The notice's word: 以上, 大于, 达到, 低于. */
    public String word() {
        return word;
    }

    /** The limit as the notice writes it: {@code 80以上}, {@code 大于80}, {@code 达到100}, {@code 低于80}. */
    public String phrase(String limit) {
        return this == AT_LEAST ? limit + word : word + limit;
    }

    /** Whether {@code measured} satisfies this operator against {@code bound}. */
    public boolean holds(double measured, double bound) {
        return switch (this) {
            case AT_LEAST -> measured >= bound - TOLERANCE;
            case GREATER -> measured > bound + TOLERANCE;
            case EQUAL -> Math.abs(measured - bound) <= TOLERANCE;
            case LESS -> measured < bound - TOLERANCE;
        };
    }

    /** Whether {@code measured} lies on {@code bound}, within the tolerance. */
    static boolean on(double measured, double bound) {
        return Math.abs(measured - bound) <= TOLERANCE;
    }

    /** A limit without trailing zeros, as the notice writes it (80, 1000, 2.5). */
    public static String limit(double bound) {
        return bound == Math.rint(bound) ? String.format(Locale.ROOT, "%.0f", bound)
                : java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    }
}
