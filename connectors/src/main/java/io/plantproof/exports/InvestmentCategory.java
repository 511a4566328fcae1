package io.plantproof.exports;

import java.util.List;

/**
 * The three 表1 categories of 累计完成投资, with the names exports use for them and the
 * {@code report.investment.*} signal each is stored under.
 */
public enum InvestmentCategory {
    EQUIPMENT("智能装备", "equipment", List.of("智能装备", "智能制造装备", "智能设备")),
    SOFTWARE("工业软件", "software", List.of("工业软件", "软件")),
    HARDWARE("信息化硬件", "hardware", List.of("信息化硬件", "硬件"));

    /** The name in the 申报书's 表1. */
    public final String title;
    /** Suffix of {@link io.plantproof.sample.Signals#REPORT_INVESTMENT_PREFIX}. */
    public final String signalSuffix;
    private final List<String> spellings;

    InvestmentCategory(String title, String signalSuffix, List<String> spellings) {
        this.title = title;
        this.signalSuffix = signalSuffix;
        this.spellings = spellings;
    }

    /** The category a 类别 cell names, or {@code null}. */
    static InvestmentCategory of(String text) {
        for (InvestmentCategory c : values()) {
            if (c.spellings.contains(text) || c.signalSuffix.equalsIgnoreCase(text)) {
                return c;
            }
        }
        return null;
    }
}
