package io.plantproof.profile;

/**
 * 近三年主要经济指标 of one year, in 万元: 总资产, 总负债, 主营业务收入, 利润, 税金. The digital-workshop form's
 * 资产负债率 and 利润率 are derived from the 2025 figures, so they cannot disagree with them.
 */
public record EconomicYear(Integer year, Double totalAssets, Double totalLiabilities, Double revenue, Double profit,
                           Double tax) {

    /** 资产负债率 (%): 总负债 / 总资产, or {@code null} without both. */
    public Double debtRatioPercent() {
        return totalAssets == null || totalLiabilities == null || totalAssets == 0 ? null : totalLiabilities / totalAssets * 100;
    }

    /** 利润率 (%): 利润 / 主营业务收入, or {@code null} without both. */
    public Double profitMarginPercent() {
        return revenue == null || profit == null || revenue == 0 ? null : profit / revenue * 100;
    }
}
