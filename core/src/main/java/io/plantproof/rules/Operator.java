package io.plantproof.rules;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a measured value is compared with a rule's bound: the notice's 以上 (at least) or 大于 (more than). */
public enum Operator {
    /** {@code >=}: the bound itself passes (e.g. 数控化率80％以上). */
    AT_LEAST(">="),
    /** {@code >}: only values above the bound pass (e.g. 数控化率大于80%). */
    MORE_THAN(">");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    @JsonValue
    public String symbol() {
        return symbol;
    }

    /** Whether {@code measured} passes {@code bound}, allowing {@code tolerance} for floating-point noise. */
    public boolean passes(double measured, double bound, double tolerance) {
        return switch (this) {
            case AT_LEAST -> measured >= bound - tolerance;
            case MORE_THAN -> measured > bound + tolerance;
        };
    }

    @Override
    public String toString() {
        return symbol;
    }
}
