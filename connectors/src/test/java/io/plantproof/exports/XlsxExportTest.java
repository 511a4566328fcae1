package io.plantproof.exports;

import io.plantproof.sample.Signals;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static io.plantproof.exports.ExportFixtures.day;
import static io.plantproof.exports.ExportFixtures.plant;
import static org.assertj.core.api.Assertions.assertThat;

/** XLSX exports: merged two-row headers, Excel dates, numbers stored as text, cached formulas, and hostile workbooks. */
class XlsxExportTest {

    @TempDir
    Path tmp;

    private final ExportFixtures.RecordingSink sink = new ExportFixtures.RecordingSink();

    private ImportResult importFile(Path f) {
        return new ExportImporter(plant(), sink, tmp.resolve("originals"), s -> { }).importFile(f);
    }

    /**
     * A 生产日报 as MES report designers lay it out: a merged title row, 日期/车间/产值 merged over two header rows,
     * "数量" merged across three sub-headers; data from row 4.
     */
    private Path productionWorkbook(String name, Object[]... row4To5) throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            wb.createSheet("说明").createRow(0).createCell(0).setCellValue("本文件由MES导出");
            Sheet s = wb.createSheet("7月日报");
            s.createRow(0).createCell(0).setCellValue("2025年7月 生产日报");
            s.addMergedRegion(CellRangeAddress.valueOf("A1:F1"));
            Row h2 = s.createRow(1);
            h2.createCell(0).setCellValue("日期");
            h2.createCell(1).setCellValue("车间");
            h2.createCell(2).setCellValue("数量");
            h2.createCell(5).setCellValue("产值\n（万元）"); // line break and full-width brackets, as typed in Excel
            Row h3 = s.createRow(2);
            h3.createCell(2).setCellValue("产量(件)");
            h3.createCell(3).setCellValue("合格数(件)");
            h3.createCell(4).setCellValue("不良数(件)");
            for (String merge : new String[]{"A2:A3", "B2:B3", "C2:E2", "F2:F3"}) {
                s.addMergedRegion(CellRangeAddress.valueOf(merge));
            }
            CellStyle dateStyle = wb.createCellStyle();
            dateStyle.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy\"年\"m\"月\"d\"日\""));
            for (int i = 0; i < row4To5.length; i++) {
                Object[] values = row4To5[i];
                Row r = s.createRow(3 + i);
                for (int c = 0; c < values.length; c++) {
                    Cell cell = r.createCell(c);
                    Object v = values[c];
                    if (v instanceof LocalDate d) {
                        cell.setCellValue(d);
                        cell.setCellStyle(dateStyle);
                    } else if (v instanceof Number n) {
                        cell.setCellValue(n.doubleValue());
                    } else if (v instanceof Formula f) {
                        cell.setCellFormula(f.formula());
                        cell.setCellValue(f.cached()); // the cached result Excel saved; the importer must use this
                    } else {
                        cell.setCellValue((String) v);
                    }
                }
            }
            Path f = tmp.resolve(name);
            try (OutputStream out = Files.newOutputStream(f)) {
                wb.write(out);
            }
            return f;
        }
    }

    /** A formula cell with the value Excel cached for it. */
    private record Formula(String formula, double cached) {
    }

    @Test
    void mergedHeadersExcelDatesTextNumbersAndCachedFormulas() throws Exception {
        Path f = productionWorkbook("日报.xlsx",
                new Object[]{LocalDate.of(2025, 7, 1), "一车间", "1,000", 990, 10, new Formula("999", 30.5)},
                new Object[]{"2025/7/2", "W2", 500, 495, 5, 15.25});
        ImportResult r = importFile(f);

        assertThat(r.errors()).isEmpty();
        assertThat(r.status()).isEqualTo(ImportResult.Status.ACCEPTED);
        assertThat(r.rows()).isEqualTo(2);
        assertThat(sink.value("W1", Signals.REPORT_OUTPUT_QTY, day("2025-07-01"))).isEqualTo(1000);
        assertThat(sink.value("W1", Signals.REPORT_OUTPUT_VALUE, day("2025-07-01")))
                .as("cached formula result, not the evaluated 999").isEqualTo(30.5);
        assertThat(sink.value("W2", Signals.REPORT_DEFECT_QTY, day("2025-07-02"))).isEqualTo(5);
    }

    @Test
    void badCellIsNamedBySheetRowAndColumnLetter() throws Exception {
        Path f = productionWorkbook("日报.xlsx",
                new Object[]{LocalDate.of(2025, 7, 1), "W1", 100, 90, 10, 3.0},
                new Object[]{"2025-07-32", "W1", 100, 90, 10, 3.0});
        ImportResult r = importFile(f);
        assertThat(r.status()).isEqualTo(ImportResult.Status.REJECTED);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.sheet()).isEqualTo("7月日报");
            assertThat(e.row()).isEqualTo(5);
            assertThat(e.column()).isEqualTo("日期 (column A)");
            assertThat(e.value()).isEqualTo("2025-07-32");
            assertThat(e.toString()).startsWith("日报.xlsx sheet '7月日报' row 5 column 日期 (column A)");
        });
    }

    @Test
    void zipBombIsRefusedBeforeItIsInflated() throws Exception {
        Path good = productionWorkbook("good.xlsx", new Object[]{LocalDate.of(2025, 7, 1), "W1", 100, 90, 10, 3.0});
        // the same workbook with 50 MB of blanks inside the sheet XML: legal XML, inflating at > 1000:1
        Path bomb = rewriteSheet(good, "bomb.xlsx", xml -> xml.replace("<sheetData>", "<sheetData>" + " ".repeat(50 << 20)));
        assertThat(Files.size(bomb)).isLessThan(1 << 20);

        ImportResult r = importFile(bomb);
        assertThat(r.status()).isEqualTo(ImportResult.Status.REJECTED);
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.reason()).containsIgnoringCase("zip bomb"));
        assertThat(sink.batches).isEmpty();
    }

    @Test
    void externalEntitiesAreNotExpanded() throws Exception {
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        Path good = productionWorkbook("good.xlsx", new Object[]{LocalDate.of(2025, 7, 1), "W1", 100, 90, 10, 3.0});
        Path xxe = rewriteSheet(good, "xxe.xlsx", xml -> xml
                .replaceFirst("\\?>", "?><!DOCTYPE worksheet [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>")
                .replace("<v>3</v>", "<v>&x;</v>").replace("<v>3.0</v>", "<v>&x;</v>"));

        ImportResult r = importFile(xxe);
        assertThat(r.status()).isEqualTo(ImportResult.Status.REJECTED);
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.toString())
                .contains("DOCTYPE is disallowed").doesNotContain("TOP-SECRET"));
        assertThat(sink.batches).isEmpty();
    }

    @Test
    void sheetRowLimitIsAClearError() throws Exception {
        Object[][] rows = new Object[12][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Object[]{LocalDate.of(2025, 7, 1 + i), "W1", 100, 90, 10, 3.0};
        }
        Path f = productionWorkbook("big.xlsx", rows);
        ImportResult r = new ExportImporter(plant("  maxRows: 10\n"), sink, tmp.resolve("originals"), s -> { }).importFile(f);
        assertThat(r.status()).isEqualTo(ImportResult.Status.REJECTED);
        assertThat(r.errors()).singleElement().satisfies(e ->
                assertThat(e.reason()).contains("sheet '7月日报' row 14").contains("maxRows = 10"));
    }

    private Path rewriteSheet(Path xlsx, String name, java.util.function.UnaryOperator<String> edit) throws Exception {
        Path out = tmp.resolve(name);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(xlsx));
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals("xl/worksheets/sheet2.xml")) {
                    bytes = edit.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return out;
    }
}
