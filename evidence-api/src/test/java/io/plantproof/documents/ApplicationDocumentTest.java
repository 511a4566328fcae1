package io.plantproof.documents;

import io.plantproof.rules.ApplicationType;
import io.plantproof.exports.InvestmentCategory;

import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.IndicatorId;
import io.plantproof.metrics.MetricReport;
import io.plantproof.plant.Enterprise;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens the generated 申报书 with POI and checks each form field against the metric report,
 * formatted independently here (counts as integers, 万元 and % with two decimals, tce/万元 with four).
 */
class ApplicationDocumentTest {

    @Test
    void digitalWorkshopFormHoldsTheComputedValues() throws IOException {
        DocumentInput in = DocumentFixture.input(ApplicationType.DIGITAL_WORKSHOP);
        MetricReport r = in.report();
        Map<String, String> fields = fields(docx(in));

        assertThat(fields).containsEntry("车间内自动化、智能化设备台套（产线）数", fixed(current(r, IndicatorId.AUTOMATED_COUNT), 0))
                .containsEntry("车间内自动化、智能化设备占全部设备比重（%）", fixed(current(r, IndicatorId.AUTOMATION_RATIO), 2))
                .containsEntry("车间内自动化、智能化设备联网数", fixed(current(r, IndicatorId.NETWORKED_COUNT), 0))
                .containsEntry("车间内自动化、智能化设备联网数占自动化、智能化设备总数的比重（%）", fixed(current(r, IndicatorId.NETWORKING_RATE), 2))
                .containsEntry("建设完成前的车间产值（万元）", fixed(baseline(r, IndicatorId.OUTPUT_VALUE), 2))
                .containsEntry("建设完成后的车间产值（万元）", fixed(current(r, IndicatorId.OUTPUT_VALUE), 2))
                .containsEntry("产值提升率（%）", fixed(change(r, IndicatorId.OUTPUT_VALUE), 2))
                .containsEntry("建设完成前车间人数", fixed(baseline(r, IndicatorId.AVERAGE_HEADCOUNT), 1))
                .containsEntry("建设完成后车间人数", fixed(current(r, IndicatorId.AVERAGE_HEADCOUNT), 1))
                .containsEntry("用工降低率（%）", fixed(-change(r, IndicatorId.AVERAGE_HEADCOUNT), 2))
                .containsEntry("项目建设前产品不良品率（%）", fixed(baseline(r, IndicatorId.DEFECT_RATE), 2))
                .containsEntry("建设完成后产品不良品率（%）", fixed(current(r, IndicatorId.DEFECT_RATE), 2))
                .containsEntry("产品不良率降低百分点", fixed(-points(r, IndicatorId.DEFECT_RATE), 2))
                .containsEntry("建设完成前单位或单件产值能耗（吨标煤）", fixed(baseline(r, IndicatorId.ENERGY_INTENSITY), 4))
                .containsEntry("建设完成后单位或单件产值能耗（吨标煤）", fixed(current(r, IndicatorId.ENERGY_INTENSITY), 4))
                .containsEntry("能耗下降率（%）", fixed(-change(r, IndicatorId.ENERGY_INTENSITY), 2));
        // the fixture is built so that one of three automated machines is offline: 2 of 3 networked
        assertThat(fields.get("车间内自动化、智能化设备联网数占自动化、智能化设备总数的比重（%）")).isEqualTo("66.67");

        Enterprise e = in.plant().enterprise();
        assertThat(fields).containsEntry("企业名称", e.name()).containsEntry("统一社会信用代码", e.creditCode())
                .containsEntry("所属地区", e.region()).containsEntry("所属行业（按国民经济行业分类具体到中类）", e.industry());
        // investment_total is not computed by the engine yet, so the field is the sum of the 表1 lines given
        double lines = in.investments().stream().mapToDouble(InvestmentLine::totalWan).sum();
        assertThat(fields).containsEntry("累计完成投资（万元）", fixed(lines, 2));
        // 车间上年度产出 comes from the example profile, with its source
        assertThat(fields.get("车间上年度产出（万元）")).isEqualTo("8600.00");
    }

    @Test
    void smartFactoryFormHoldsTheComputedValuesAndExplainsTheMissingOnes() throws IOException {
        DocumentInput in = DocumentFixture.input(ApplicationType.SMART_FACTORY);
        MetricReport r = in.report();
        Map<String, String> fields = fields(docx(in));

        assertThat(fields)
                .containsEntry("企业自动化、数字化关键工序核心设备台套数*",
                        fixed(r.indicator(IndicatorId.CNC_RATE).current().inputs().get("keyProcessNumericalControl"), 0))
                .containsEntry("关键装备数控化(%)*", fixed(current(r, IndicatorId.CNC_RATE), 2))
                .containsEntry("设备联网率(%)*", fixed(current(r, IndicatorId.NETWORKING_RATE), 2))
                .containsEntry("全员劳动生产效率提高（%）*", fixed(change(r, IndicatorId.LABOR_PRODUCTIVITY), 2))
                .containsEntry("产品不良率降低（%）*", fixed(-change(r, IndicatorId.DEFECT_RATE), 2))
                .containsEntry("单位产值或产品综合能耗降低（%）*", fixed(-change(r, IndicatorId.ENERGY_INTENSITY), 2))
                .containsEntry("设备综合利用率提升（%）", fixed(change(r, IndicatorId.OEE), 2));
        // no 成本 export in the fixture: the field names the period without data, with the engine's own note
        assertThat(fields.get("企业生产运营成本降低（%）*"))
                .isEqualTo("—（建设前期间无数值：" + r.indicator(IndicatorId.OPERATING_COST_RATIO).baseline().note() + "）");
        // a field the tool cannot measure comes from the profile
        assertThat(fields.get("先进过程控制投用率(%)")).isEqualTo("62.50");
        assertThat(fields.get("关键装备数控化(%)*")).isEqualTo("75.00");
    }

    @Test
    void withoutSamplesTheMeasuredFieldsSayWhyInsteadOfShowingANumber() throws IOException {
        DocumentInput in = DocumentFixture.input(ApplicationType.DIGITAL_WORKSHOP,
                DocumentFixture.plant("空数据公司"), new DocumentFixture.MemorySource());
        Map<String, String> fields = fields(docx(in));
        // with no telemetry at all the engine has no value for the period, and the field carries its note
        assertThat(fields.get("车间内自动化、智能化设备联网数")).isEqualTo("—（建设后期间无数值："
                + in.report().indicator(IndicatorId.NETWORKED_COUNT).current().note() + "）");
        assertThat(fields.get("产值提升率（%）")).startsWith("—（");
        // register counts are declared data and still fill their field
        assertThat(fields.get("车间内自动化、智能化设备台套（产线）数")).isEqualTo("3");
    }

    @Test
    void dataAppendixNamesFormulaPeriodsProvenanceAndBundleFiles() throws IOException {
        DocumentInput in = DocumentFixture.input(ApplicationType.DIGITAL_WORKSHOP);
        Indicator networking = in.report().indicator(IndicatorId.NETWORKING_RATE);
        String text;
        try (XWPFDocument doc = docx(in)) {
            text = doc.getParagraphs().stream().map(XWPFParagraph::getText).collect(Collectors.joining("\n"));
        }
        String appendix = text.substring(text.indexOf("数据说明"));
        String block = appendix.substring(appendix.indexOf("车间内自动化、智能化设备联网数占"));
        assertThat(block).contains("公式：" + networking.formula() + "，版本 " + networking.version())
                .contains("期间：建设前 2025年1月6日—2025年1月8日；建设后 2025年7月7日—2025年7月9日")
                .contains("数据来源：MEASURED")
                .contains("证据文件：chunks/2025-07-07/LOOM-01.bin、chunks/2025-07-07/AGV-01.bin")
                .contains("联网的自动化设备数 = 2");
        assertThat(appendix).contains("数据来源：IMPORTED").contains("imports/生产日报-2025-07.xlsx");
    }

    @Test
    void table1InTheDocumentListsTheLinesAndTheirTotal() throws IOException {
        DocumentInput in = DocumentFixture.input(ApplicationType.DIGITAL_WORKSHOP);
        Map<String, String> totals = new LinkedHashMap<>();
        try (XWPFDocument doc = docx(in)) {
            for (XWPFTable t : doc.getTables()) {
                for (XWPFTableRow row : t.getRows()) {
                    if (row.getTableCells().size() == 7) {
                        totals.put(row.getCell(0).getText(), row.getCell(5).getText());
                    }
                }
            }
        }
        double equipment = in.investments().stream().filter(l -> l.category() == InvestmentCategory.EQUIPMENT)
                .mapToDouble(InvestmentLine::totalWan).sum();
        double all = in.investments().stream().mapToDouble(InvestmentLine::totalWan).sum();
        assertThat(totals).containsEntry("一、智能装备", fixed(equipment, 2)).containsEntry("主要软硬设备投资合计", fixed(all, 2));
    }

    @Test
    void everyRunCarriesAnEastAsianFont() throws IOException {
        List<XWPFRun> runs = new ArrayList<>();
        try (XWPFDocument doc = docx(DocumentFixture.input(ApplicationType.SMART_FACTORY))) {
            doc.getParagraphs().forEach(p -> runs.addAll(p.getRuns()));
            for (XWPFTable t : doc.getTables()) {
                for (XWPFTableRow row : t.getRows()) {
                    for (XWPFTableCell c : row.getTableCells()) {
                        c.getParagraphs().forEach(p -> runs.addAll(p.getRuns()));
                    }
                }
            }
        }
        // runs holding text; a picture's run has none
        assertThat(runs.stream().filter(r -> r.text() != null && !r.text().isEmpty()).toList()).isNotEmpty().allSatisfy(run ->
                assertThat(run.getFontFamily(XWPFRun.FontCharRange.eastAsia)).isIn("SimSun", "SimHei"));
    }

    static XWPFDocument docx(DocumentInput in) throws IOException {
        byte[] bytes = Documents.render(in).get(Documents.applicationFileName(in.type()));
        return new XWPFDocument(new ByteArrayInputStream(bytes));
    }

    /** First column → second column of every table row, first occurrence wins. */
    static Map<String, String> fields(XWPFDocument doc) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (doc) {
            for (XWPFTable t : doc.getTables()) {
                for (XWPFTableRow row : t.getRows()) {
                    if (row.getTableCells().size() >= 2) {
                        out.putIfAbsent(row.getCell(0).getText(), row.getCell(1).getText());
                    }
                }
            }
        }
        return out;
    }

    static double current(MetricReport r, IndicatorId id) {
        return present(r.indicator(id).current().value(), id);
    }

    static double baseline(MetricReport r, IndicatorId id) {
        return present(r.indicator(id).baseline().value(), id);
    }

    static double change(MetricReport r, IndicatorId id) {
        return present(r.indicator(id).changePercent(), id);
    }

    static double points(MetricReport r, IndicatorId id) {
        return present(r.indicator(id).changePoints(), id);
    }

    static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static double present(Double v, IndicatorId id) {
        assertThat(v).as("the fixture must give %s a value", id).isNotNull();
        return v;
    }
}
