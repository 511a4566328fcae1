package io.plantproof.profile;

import java.util.Map;

/**
 * The smart-factory (附件2) part of the profile: the project, the 申请表 figures the tool cannot measure,
 * parts 二 and 四, 表2–表4, and the answers per 评价细则 (附件4) item id.
 */
public record SmartFactoryApplication(Project project, DeclaredFigures figures, Narrative narrative, Table2 table2,
                                      Table3 table3, Table4 table4, Map<String, ChecklistAnswer> checklist) {

    public SmartFactoryApplication {
        checklist = checklist == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checklist));
    }

    /**
     * 工厂整体建设成效 fields without a data source in the tool: 先进过程控制投用率(%), 研制周期缩短（%）,
     * 库存周期率提升（%）, 质量损失下降率（%）, and 推广企业数量（家） (必填).
     */
    public record DeclaredFigures(Double advancedProcessControlRate, Double developmentCycleReduction,
                                  Double inventoryTurnoverImprovement, Double qualityLossReduction,
                                  Integer promotedEnterprises) {
    }
}
