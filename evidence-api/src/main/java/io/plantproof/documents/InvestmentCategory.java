package io.plantproof.documents;

/**
 * The three groups of 表1 in the order the form lists them, with the form's numbered heading.
 * The 投资清单 import maps its category column onto these.
 */
public enum InvestmentCategory {
    EQUIPMENT("一、智能装备"),
    SOFTWARE("二、工业软件"),
    HARDWARE("三、信息化硬件");

    private final String heading;

    InvestmentCategory(String heading) {
        this.heading = heading;
    }

    public String heading() {
        return heading;
    }
}
