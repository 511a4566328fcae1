package io.plantproof.documents;

import io.plantproof.rules.ApplicationType;
import io.plantproof.exports.InvestmentCategory;

import io.plantproof.metrics.IndicatorId;
import io.plantproof.metrics.MetricReport;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Opens the generated XLSX files with POI: numbers are numeric cells with the fields' formats,
 * totals are live SUM formulas, 附件1 follows the notice's columns, and text cannot become a formula.
 */
class WorkbooksTest {

    @Test
    void table1TotalsAreSumFormulasOverTheLines() throws IOException {
        DocumentInput in = DocumentFixture.input(ApplicationType.DIGITAL_WORKSHOP);
        try (XSSFWorkbook wb = workbook(in, Documents.TABLE1_XLSX)) {
            Sheet s = wb.getSheetAt(0);
            Row equipment = rowStartingWith(s, "一、智能装备");
            Row total = rowStartingWith(s, "主要软硬设备投资合计");
            assertThat(equipment.getCell(5).getCellType()).isEqualTo(CellType.FORMULA);
            assertThat(equipment.getCell(5).getCellFormula()).startsWith("SUM(");
            assertThat(total.getCell(5).getCellType()).isEqualTo(CellType.FORMULA);
            assertThat(total.getCell(5).getCellFormula()).startsWith("SUM(");
            assertThat(total.getCell(5).getCellStyle().getDataFormatString()).isEqualTo("0.00");
            double sum = in.investments().stream().mapToDouble(InvestmentLine::totalWan).sum();
            assertThat(total.getCell(5).getNumericCellValue()).isCloseTo(sum, within(1e-9));
            assertThat(equipment.getCell(5).getNumericCellValue()).isCloseTo(in.investments().stream()
                    .filter(l -> l.category() == InvestmentCategory.EQUIPMENT).mapToDouble(InvestmentLine::totalWan).sum(), within(1e-9));

            // the totals follow an edited line: they are formulas, not numbers written once
            Row firstLine = s.getRow(equipment.getRowNum() + 1);
            assertThat(firstLine.getCell(5).getCellType()).isEqualTo(CellType.NUMERIC);
            firstLine.getCell(5).setCellValue(firstLine.getCell(5).getNumericCellValue() + 10);
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            assertThat(total.getCell(5).getNumericCellValue()).isCloseTo(sum + 10, within(1e-9));
        }
    }

    @Test
    void table1LinesAreNumbersAndTextThatLooksLikeAFormulaIsQuoted() throws IOException {
        DocumentInput in = DocumentFixture.input(ApplicationType.DIGITAL_WORKSHOP);
        try (XSSFWorkbook wb = workbook(in, Documents.TABLE1_XLSX)) {
            Sheet s = wb.getSheetAt(0);
            Row mes = rowWithText(s, 1, "MES 制造执行系统");
            assertThat(mes.getCell(2).getCellType()).isEqualTo(CellType.STRING);
            assertThat(mes.getCell(2).getStringCellValue()).isEqualTo("'=cmd|' /C calc'!A0");
            assertThat(mes.getCell(4).getNumericCellValue()).isEqualTo(48.0);
            Row sw = rowWithText(s, 1, "工业交换机");
            assertThat(sw.getCell(3).getNumericCellValue()).isEqualTo(4.0);
            assertThat(sw.getCell(4).getCellStyle().getDataFormatString()).isEqualTo("0.00");
            assertThat(sw.getCell(6).getStringCellValue()).isEqualTo("'+备用");
        }
    }

    @Test
    void summaryFollowsTheNoticeColumnsWithTheEnterpriseRow() throws IOException {
        DocumentInput in = DocumentFixture.input(ApplicationType.SMART_FACTORY);
        try (XSSFWorkbook wb = workbook(in, Documents.SUMMARY_XLSX)) {
            Sheet s = wb.getSheetAt(0);
            assertThat(texts(s.getRow(1))).containsExactly("序号", "企业名称", "企业信用代码", "项目名称", "主要内容",
                    "所属行业", "累计完成总投资额（万元）", "项目完成时间");
            assertThat(s.getRow(2).getCell(1).getStringCellValue()).isEqualTo("智能工厂");
            Row row = s.getRow(3);
            assertThat(row.getCell(0).getNumericCellValue()).isEqualTo(1.0);
            assertThat(row.getCell(1).getStringCellValue()).isEqualTo(in.plant().enterprise().name());
            assertThat(row.getCell(2).getStringCellValue()).isEqualTo(in.plant().enterprise().creditCode());
            assertThat(row.getCell(5).getStringCellValue()).isEqualTo(in.plant().enterprise().industry());
            assertThat(row.getCell(6).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(row.getCell(6).getNumericCellValue())
                    .isCloseTo(in.investments().stream().mapToDouble(InvestmentLine::totalWan).sum(), within(1e-9));
            assertThat(row.getCell(6).getCellStyle().getDataFormatString()).isEqualTo("0.00");
        }
    }

    @Test
    void digitalWorkshopHasNoSummaryBecauseTheNoticeDefinesItForSmartFactoriesOnly() {
        assertThat(Documents.render(DocumentFixture.input(ApplicationType.DIGITAL_WORKSHOP)))
                .containsOnlyKeys("申报书-数字化车间.docx", Documents.SCORING_XLSX, Documents.SCORING_DOCX, Documents.TABLE1_XLSX,
                        Documents.FIGURES_XLSX, Documents.REPORT_HTML);
    }

    @Test
    void formFiguresAreNumericCellsWithTheFieldsDecimals() throws IOException {
        DocumentInput in = DocumentFixture.input(ApplicationType.DIGITAL_WORKSHOP);
        MetricReport r = in.report();
        try (XSSFWorkbook wb = workbook(in, Documents.FIGURES_XLSX)) {
            Sheet s = wb.getSheetAt(0);
            Cell rate = rowWithText(s, 1, "车间内自动化、智能化设备联网数占自动化、智能化设备总数的比重（%）").getCell(2);
            assertThat(rate.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(rate.getNumericCellValue()).isEqualTo(r.indicator(IndicatorId.NETWORKING_RATE).current().value());
            assertThat(rate.getCellStyle().getDataFormatString()).isEqualTo("0.00");
            Cell count = rowWithText(s, 1, "车间内自动化、智能化设备台套（产线）数").getCell(2);
            assertThat(count.getNumericCellValue()).isEqualTo(r.indicator(IndicatorId.AUTOMATED_COUNT).current().value());
            assertThat(count.getCellStyle().getDataFormatString()).isEqualTo("0");
            Cell intensity = rowWithText(s, 1, "建设完成后单位或单件产值能耗（吨标煤）").getCell(2);
            assertThat(intensity.getCellStyle().getDataFormatString()).isEqualTo("0.0000");
            // from the example profile (DECLARED), and a field it has no number for keeps its reason in the cell
            Cell output = rowWithText(s, 1, "车间上年度产出（万元）").getCell(2);
            assertThat(output.getNumericCellValue()).isEqualTo(8600.0);
            Row missing = rowWithText(s, 1, "产值提升率（%）");
            assertThat(missing.getCell(2).getCellType()).isEqualTo(CellType.NUMERIC);
            Row reason = rowWithText(s, 1, "法定代表人签名");
            assertThat(reason.getCell(2).getStringCellValue()).isEqualTo("—（由法定代表人签名）");
        }
    }

    private static XSSFWorkbook workbook(DocumentInput in, String name) throws IOException {
        Map<String, byte[]> files = Documents.render(in);
        assertThat(files).containsKey(name);
        return new XSSFWorkbook(new ByteArrayInputStream(files.get(name)));
    }

    private static Row rowStartingWith(Sheet s, String text) {
        return rowWithText(s, 0, text);
    }

    private static Row rowWithText(Sheet s, int column, String text) {
        for (Row row : s) {
            Cell c = row.getCell(column);
            if (c != null && c.getCellType() == CellType.STRING && c.getStringCellValue().equals(text)) {
                return row;
            }
        }
        throw new AssertionError("no row with '" + text + "' in column " + column);
    }

    private static List<String> texts(Row row) {
        List<String> out = new ArrayList<>();
        row.forEach(c -> out.add(c.getStringCellValue()));
        return out;
    }
}
