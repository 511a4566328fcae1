package io.plantproof.exports;

import org.apache.poi.util.XMLHelper;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An XLSX workbook read with POI's streaming (SAX) reader: rows are never held as a sheet, merged cells
 * are filled from their top-left cell, formula cells give their cached result and are never evaluated.
 */
final class XlsxFile implements TabularFile {

    /** Merged regions kept per sheet; more than this is not a report layout but a sheet to refuse. */
    static final int MAX_MERGED_REGIONS = 100_000;

    static {
        // Explicit zip-bomb limits (POI's defaults, stated so a dependency upgrade cannot loosen them silently):
        // an entry inflating more than 100:1 or beyond 1 GiB is refused before it is parsed.
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(1L << 30);
    }

    private final OPCPackage pkg;
    private final XSSFReader reader;
    private final ReadOnlySharedStringsTable strings;
    private final StylesTable styles;

    XlsxFile(Path file) throws IOException {
        try {
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (InvalidFormatException | RuntimeException e) {
            throw new IOException("not a readable XLSX workbook: " + e.getMessage(), e);
        }
        try {
            reader = new XSSFReader(pkg);
            strings = new ReadOnlySharedStringsTable(pkg);
            styles = reader.getStylesTable();
        } catch (OpenXML4JException | SAXException | RuntimeException e) {
            pkg.revert();
            throw new IOException("not a readable XLSX workbook: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // opened read-only: revert releases the file without writing anything back
        pkg.revert();
    }

    @Override
    public List<String> sheets() throws IOException {
        List<String> names = new ArrayList<>();
        XSSFReader.SheetIterator it = sheetIterator();
        while (it.hasNext()) {
            it.next().close();
            names.add(it.getSheetName());
        }
        return names;
    }

    @Override
    public void rows(String sheet, RowVisitor visitor) throws IOException {
        List<CellRangeAddress> merged = new ArrayList<>();
        parse(sheet, new MergeCollector(merged, sheet));
        merged.sort(Comparator.comparingInt(CellRangeAddress::getFirstRow));
        try {
            parse(sheet, new SheetRows(visitor, merged));
        } catch (Stop stop) {
            // the visitor had enough rows
        }
    }

    private void parse(String sheet, DefaultHandler handler) throws IOException {
        XSSFReader.SheetIterator it = sheetIterator();
        while (it.hasNext()) {
            try (InputStream in = it.next()) {
                if (it.getSheetName().equals(sheet)) {
                    XMLReader xml = XMLHelper.newXMLReader();
                    xml.setContentHandler(handler);
                    xml.parse(new InputSource(in));
                    return;
                }
            } catch (SAXException | ParserConfigurationException e) {
                throw new IOException("sheet '" + sheet + "' is not readable: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                if (e instanceof Stop) {
                    throw e;
                }
                // POI reports zip-bomb and size limits as runtime exceptions while the entry is inflated
                throw new IOException("sheet '" + sheet + "' is not readable: " + e.getMessage(), e);
            }
        }
        throw new IOException("no sheet named '" + sheet + "'");
    }

    private XSSFReader.SheetIterator sheetIterator() throws IOException {
        try {
            return (XSSFReader.SheetIterator) reader.getSheetsData();
        } catch (InvalidFormatException e) {
            throw new IOException("workbook has no readable sheets: " + e.getMessage(), e);
        }
    }

    /** Thrown through the SAX parser to stop reading a sheet early. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    /** Collects the sheet's merged regions, which the XML lists after all rows. */
    private static final class MergeCollector extends DefaultHandler {
        private final List<CellRangeAddress> merged;
        private final String sheet;

        MergeCollector(List<CellRangeAddress> merged, String sheet) {
            this.merged = merged;
            this.sheet = sheet;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) {
            if ("mergeCell".equals(localName)) {
                if (merged.size() >= MAX_MERGED_REGIONS) {
                    throw new IllegalStateException("sheet '" + sheet + "' has more than " + MAX_MERGED_REGIONS
                            + " merged regions");
                }
                merged.add(CellRangeAddress.valueOf(atts.getValue("ref")));
            }
        }
    }

    /** Turns sheet XML into text rows, resolving shared strings, dates and merged cells. */
    private final class SheetRows extends DefaultHandler {
        private final RowVisitor visitor;
        private final List<CellRangeAddress> pending;
        private final List<CellRangeAddress> active = new ArrayList<>();
        private final Map<CellRangeAddress, String> mergedValues = new HashMap<>();
        private final Map<Integer, Boolean> dateStyles = new HashMap<>();
        private final StringBuilder text = new StringBuilder();
        private int next;
        private List<String> cells;
        private int row;
        private int column;
        private String type;
        private String style;
        private boolean collecting;

        SheetRows(RowVisitor visitor, List<CellRangeAddress> merged) {
            this.visitor = visitor;
            this.pending = merged;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) {
            switch (localName) {
                case "row" -> {
                    String r = atts.getValue("r");
                    row = r == null ? row + 1 : Integer.parseInt(r);
                    cells = new ArrayList<>();
                }
                case "c" -> {
                    String ref = atts.getValue("r");
                    column = ref == null ? cells.size() : new CellReference(ref).getCol();
                    type = atts.getValue("t");
                    style = atts.getValue("s");
                    text.setLength(0);
                }
                // <f> (the formula) is deliberately not collected: only the cached result <v> counts
                case "v", "t" -> collecting = true;
                default -> {
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (collecting) {
                text.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            switch (localName) {
                case "v", "t" -> collecting = false;
                case "c" -> {
                    while (cells.size() <= column) {
                        cells.add("");
                    }
                    cells.set(column, value(text.toString()));
                }
                case "row" -> endRow();
                default -> {
                }
            }
        }

        private String value(String raw) {
            if (raw.isEmpty()) {
                return raw;
            }
            if (type == null || "n".equals(type)) {
                double d = Double.parseDouble(raw);
                if (style != null && isDateStyle(Integer.parseInt(style)) && DateUtil.isValidExcelDate(d)) {
                    LocalDateTime t = DateUtil.getLocalDateTime(d);
                    return t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? t.toLocalDate().toString() : t.toString();
                }
                // plain notation: 1.2E7 must not reach a column that expects digits
                return new BigDecimal(raw).stripTrailingZeros().toPlainString();
            }
            return switch (type) {
                case "s" -> strings.getItemAt(Integer.parseInt(raw)).getString();
                case "b" -> "1".equals(raw) ? "TRUE" : "FALSE";
                default -> raw; // str (formula text result), inlineStr, e (error text such as #DIV/0!), d (ISO date)
            };
        }

        private boolean isDateStyle(int index) {
            return dateStyles.computeIfAbsent(index, i -> {
                XSSFCellStyle s = styles.getStyleAt(i);
                return s != null && DateUtil.isADateFormat(s.getDataFormat(), s.getDataFormatString());
            });
        }

        private void endRow() {
            int r0 = row - 1;
            while (next < pending.size() && pending.get(next).getFirstRow() <= r0) {
                CellRangeAddress m = pending.get(next++);
                active.add(m);
                mergedValues.put(m, m.getFirstRow() == r0 && m.getFirstColumn() < cells.size()
                        ? cells.get(m.getFirstColumn()) : "");
            }
            for (Iterator<CellRangeAddress> it = active.iterator(); it.hasNext(); ) {
                CellRangeAddress m = it.next();
                if (m.getLastRow() < r0) {
                    it.remove();
                    mergedValues.remove(m);
                    continue;
                }
                String v = mergedValues.get(m);
                for (int c = m.getFirstColumn(); c <= m.getLastColumn(); c++) {
                    while (cells.size() <= c) {
                        cells.add("");
                    }
                    if (cells.get(c).isEmpty()) {
                        cells.set(c, v);
                    }
                }
            }
            boolean blank = cells.stream().allMatch(String::isBlank);
            if (!blank && !visitor.row(row, cells)) {
                throw new Stop();
            }
        }
    }
}
