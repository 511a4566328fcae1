package io.plantproof.documents;

/**
 * The three groups of 表1 in the order the form lists them, with the form's numbered heading.
 * {@code signalSuffix} matches the {@code report.investment.*} signals of the 投资清单 import.
 */
public enum InvestmentCategory {
    EQUIPMENT("一、智能装备", "智能装备", "equipment"),
    SOFTWARE("二、工业软件", "工业软件", "software"),
    HARDWARE("三、信息化硬件", "信息化硬件", "hardware");

    private final String heading;
    private final String chinese;
    private final String signalSuffix;

    InvestmentCategory(String heading, String chinese, String signalSuffix) {
        this.heading = heading;
        this.chinese = chinese;
        this.signalSuffix = signalSuffix;
    }

    public String heading() {
        return heading;
    }

    public String chinese() {
        return chinese;
    }

    public String signalSuffix() {
        return signalSuffix;
    }
}
