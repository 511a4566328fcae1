package io.plantproof.profile;

import java.util.List;
import java.util.Map;

/**
 * The digital-workshop (附件3) part of the profile: the project, 车间生产产品及产量, 车间上年度产出 (万元), the
 * 申请表's description cells, parts 二 and 四, and the answers per 评价细则 (附件5) item id.
 */
public record DigitalWorkshopApplication(Project project, String products, Double lastYearOutput,
                                         WorkshopDescriptions descriptions, Narrative narrative,
                                         Map<String, ChecklistAnswer> checklist) {

    public DigitalWorkshopApplication {
        checklist = checklist == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checklist));
        descriptions = descriptions == null ? WorkshopDescriptions.EMPTY : descriptions;
    }

    /**
     * The 申请表's "请简要说明" cells, in the form's order, and the 建设前后经济、社会效益情况总体描述.
     */
    public record WorkshopDescriptions(String stateMonitoring, String autoRepair, String planGeneration,
                                       String materialData, String planAdjustment, String autoIdentification,
                                       String logistics, String onlineInspection, String qualityDiagnosis,
                                       String productRecords, String batchManagement, String benefitsOverview) {

        static final WorkshopDescriptions EMPTY = new WorkshopDescriptions(null, null, null, null, null, null, null,
                null, null, null, null, null);

        /** Each cell with the form's row headings and its prompt, in the form's order. */
        public List<Cell> cells() {
            return List.of(
                    new Cell("stateMonitoring", "生产过程实现实时调度", "生产设备运行状态监控情况",
                            "请简要说明生产设备运行状态实时监控、故障自动报警和诊断分析的情况", stateMonitoring),
                    new Cell("autoRepair", "生产过程实现实时调度", "生产设备运行状态监控情况",
                            "请简要说明关键设备自动调试修复的情况", autoRepair),
                    new Cell("planGeneration", "生产过程实现实时调度", "生产数据采集分析情况",
                            "请简要说明车间作业计划生成情况", planGeneration),
                    new Cell("materialData", "生产过程实现实时调度", "生产数据采集分析情况",
                            "请简要说明生产制造过程中物料投放、产品产出数据采集、传送情况", materialData),
                    new Cell("planAdjustment", "生产过程实现实时调度", "生产数据采集分析情况",
                            "请简要说明生产制造过程根据产品生产计划实时调整的情况", planAdjustment),
                    new Cell("autoIdentification", "物料配送实现自动化", "自动识别技术设施、自动物流设备使用情况",
                            "请简要说明生产过程采用自动识别技术设施的情况", autoIdentification),
                    new Cell("logistics", "物料配送实现自动化", "自动识别技术设施、自动物流设备使用情况",
                            "请简要说明车间物流自动挑选、实时配送和自动输送情况", logistics),
                    new Cell("onlineInspection", "产品信息实现可追溯", "关键工序智能化质量检测设备使用情况",
                            "请简要说明产品质量在线自动检测、报警情况", onlineInspection),
                    new Cell("qualityDiagnosis", "产品信息实现可追溯", "关键工序智能化质量检测设备使用情况",
                            "请简要说明产品质量自动诊断分析和处理情况", qualityDiagnosis),
                    new Cell("productRecords", "产品信息实现可追溯", "产品信息管理情况",
                            "请简要说明采用智能化技术设备实时记录产品信息的情况", productRecords),
                    new Cell("batchManagement", "产品信息实现可追溯", "产品信息管理情况",
                            "请简要说明产品采用批号/批次/序列号管理的情况", batchManagement),
                    new Cell("benefitsOverview", "数字化车间建设前后经济、社会效益情况",
                            "数字化车间建设前后经济、社会效益情况总体描述",
                            "从产出水平、生产效率、产品质量、绿色制造、安全生产等方面，对拟申报数字化车间建设前后情况进行对比分析，"
                                    + "并说明目前在行业内所处水平", benefitsOverview));
        }
    }

    /** One description cell: its field name in the profile, the form's two row headings, its prompt and the text. */
    public record Cell(String field, String area, String item, String prompt, String text) {
    }
}
