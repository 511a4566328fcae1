package io.plantproof.documents;

import io.plantproof.forms.NumberStyle;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One-sheet XLSX writer with the forms' conventions: 宋体, numbers as numeric cells with the field's
 * decimals, totals as formulas (cached values computed before saving), and text escaped against formula injection.
 * Cells holding a figure are listed, field id → cell, in a hidden sheet the bundle verifier reads
 * ({@link io.plantproof.forms.TaggedFigures#INDEX_SHEET}).
 */
final class Xlsx {

    private final XSSFWorkbook workbook = new XSSFWorkbook();
    private final XSSFSheet sheet;
    private final CellStyle text;
    private final CellStyle bold;
    private final CellStyle title;
    private final Map<NumberStyle, CellStyle> numbers = new EnumMap<>(NumberStyle.class);
    private int nextRow;
    private final List<String[]> tags = new ArrayList<>();

    Xlsx(String sheetName) {
        sheet = workbook.createSheet(sheetName);
        // printed (and converted to PDF) landscape, one page wide, as the forms are laid out
        sheet.getPrintSetup().setLandscape(true);
        sheet.getPrintSetup().setPaperSize(PrintSetup.A4_PAPERSIZE);
        sheet.setFitToPage(true);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 0);
        text = style(false, 11);
        bold = style(true, 11);
        title = style(true, 14);
        title.setAlignment(HorizontalAlignment.CENTER);
        for (NumberStyle n : NumberStyle.values()) {
            CellStyle s = style(false, 11);
            s.setDataFormat(workbook.createDataFormat().getFormat(n.excelFormat()));
            numbers.put(n, s);
        }
    }

    /**
     * Text that a spreadsheet (or a CSV export of it) would read as a formula gets a leading quote:
     * = + - @ and the tab/CR variants OWASP lists for CSV injection.
     */
    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    /** A title across {@code columns} columns. */
    void title(String value, int columns) {
        int r = nextRow;
        text(newRow(), 0, value, title);
        sheet.addMergedRegion(new CellRangeAddress(r, r, 0, columns - 1));
    }

    void header(List<String> labels) {
        Row row = newRow();
        for (int i = 0; i < labels.size(); i++) {
            text(row, i, labels.get(i), bold);
        }
    }

    Row newRow() {
        return sheet.createRow(nextRow++);
    }

    /** 1-based number of the row last created, as formulas write it. */
    int lastRowNumber() {
        return nextRow;
    }

    void text(Row row, int col, String value) {
        text(row, col, value, text);
    }

    void boldText(Row row, int col, String value) {
        text(row, col, value, bold);
    }

    void number(Row row, int col, double value, NumberStyle style) {
        Cell c = row.createCell(col);
        c.setCellValue(value);
        c.setCellStyle(numbers.get(style));
    }

    void formula(Row row, int col, String formula, NumberStyle style) {
        Cell c = row.createCell(col);
        c.setCellFormula(formula);
        c.setCellStyle(numbers.get(style));
    }

    /** Lists the cell as holding the figure {@code id}. */
    void tag(String id, Row row, int col) {
        tags.add(new String[] {id, "'" + sheet.getSheetName() + "'!" + new CellReference(row.getRowNum(), col).formatAsString()});
    }

    /** A figure: its number with the figure's decimals, or its text ("—（reason）"), tagged with its id. */
    void figure(Row row, int col, io.plantproof.forms.Figure f) {
        if (f.value() == null || f.style() == null) {
            text(row, col, f.text());
        } else {
            number(row, col, f.value(), f.style());
        }
        tag(f.id(), row, col);
    }

    /** A formula whose result is text (e.g. a ☑ mark). */
    void textFormula(Row row, int col, String formula) {
        Cell c = row.createCell(col);
        c.setCellFormula(formula);
        c.setCellStyle(text);
    }

    void widths(int... chars) {
        for (int i = 0; i < chars.length; i++) {
            sheet.setColumnWidth(i, chars[i] * 256);
        }
    }

    byte[] bytes() {
        if (!tags.isEmpty()) {
            XSSFSheet index = workbook.createSheet(io.plantproof.forms.TaggedFigures.INDEX_SHEET);
            for (int i = 0; i < tags.size(); i++) {
                Row r = index.createRow(i);
                r.createCell(0).setCellValue(tags.get(i)[0]);
                r.createCell(1).setCellValue(tags.get(i)[1]);
            }
            workbook.setSheetVisibility(workbook.getSheetIndex(index), SheetVisibility.VERY_HIDDEN);
        }
        // cached results let viewers that do not recalculate (and POI readers) show the totals
        workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
        workbook.setForceFormulaRecalculation(true);
        try (workbook; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("XLSX could not be written", e);
        }
    }

    private void text(Row row, int col, String value, CellStyle style) {
        Cell c = row.createCell(col);
        c.setCellValue(safe(value));
        c.setCellStyle(style);
    }

    private CellStyle style(boolean isBold, int points) {
        Font font = workbook.createFont();
        font.setFontName(Docx.SONG);
        font.setFontHeightInPoints((short) points);
        font.setBold(isBold);
        CellStyle s = workbook.createCellStyle();
        s.setFont(font);
        // no wrapping: POI cannot size rows to wrapped text, so long labels overflow into the empty cells beside them
        s.setWrapText(false);
        s.setBorderTop(BorderStyle.THIN);
        s.setBorderBottom(BorderStyle.THIN);
        s.setBorderLeft(BorderStyle.THIN);
        s.setBorderRight(BorderStyle.THIN);
        return s;
    }
}
