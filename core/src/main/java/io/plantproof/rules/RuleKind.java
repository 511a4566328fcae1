package io.plantproof.rules;

import com.fasterxml.jackson.annotation.JsonValue;

/** What part of a rule set a result comes from; written in lower case in statements and {@code --json}. */
public enum RuleKind {
    /** A 基本条件 (basic condition): a threshold on one indicator, or a requirement the applicant declares. */
    CONDITION("condition"),
    /** A quantitative tier of the 评价细则. */
    TIER("tier"),
    /** A qualitative 评价细则 item the applicant answers, with a tick suggested where data backs it. */
    CHECKLIST("checklist");

    private final String written;

    RuleKind(String written) {
        this.written = written;
    }

    @JsonValue
    public String written() {
        return written;
    }

    @Override
    public String toString() {
        return written;
    }
}
