package io.plantproof.documents;

import io.plantproof.forms.Figure;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.util.Units;
import org.apache.poi.xwpf.usermodel.BreakType;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTFonts;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTR;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTRPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSdtPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSdtRun;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageMar;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageSz;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTblGrid;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;

/**
 * A thin DOCX writer over POI with the forms' typography: A4, 宋体 (SimSun) for Chinese, 黑体 (SimHei) for
 * headings, on every run and in the document defaults, so Word and LibreOffice both pick a CJK face. A
 * {@link Figure} in a paragraph or table cell is written as a content control tagged with its field id, which
 * the bundle verifier reads back ({@link io.plantproof.forms.TaggedFigures}).
 */
final class Docx {

    /**
     * 宋体 by its Latin name: Word treats SimSun and 宋体 as one face, and LibreOffice's replacement table
     * maps SimSun to Noto Serif CJK where SimSun is not installed (宋体 would fall back to a sans face).
     */
    static final String SONG = "SimSun";
    static final String HEI = "SimHei";
    private static final String LATIN = "Times New Roman";
    private static final int BODY_PT = 11;
    private static final int PAGE_WIDTH_TWIPS = 11906;
    private static final int MARGIN_TWIPS = 1247;
    private static final int TEXT_WIDTH_TWIPS = PAGE_WIDTH_TWIPS - 2 * MARGIN_TWIPS;

    private final XWPFDocument doc = new XWPFDocument();
    private int tags;

    Docx() {
        CTFonts fonts = CTFonts.Factory.newInstance();
        fonts.setAscii(LATIN);
        fonts.setHAnsi(LATIN);
        fonts.setEastAsia(SONG);
        XWPFStyles styles = doc.createStyles();
        styles.setDefaultFonts(fonts);
        // the East Asian language makes LibreOffice fall back to a Simplified Chinese face (Noto CJK SC), not JP
        styles.setEastAsia("zh-CN");
        CTSectPr section = doc.getDocument().getBody().addNewSectPr();
        CTPageSz a4 = section.addNewPgSz();
        a4.setW(BigInteger.valueOf(PAGE_WIDTH_TWIPS));
        a4.setH(BigInteger.valueOf(16838));
        CTPageMar margins = section.addNewPgMar();
        margins.setTop(BigInteger.valueOf(1304));
        margins.setBottom(BigInteger.valueOf(1304));
        margins.setLeft(BigInteger.valueOf(MARGIN_TWIPS));
        margins.setRight(BigInteger.valueOf(MARGIN_TWIPS));
    }

    void title(String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setAlignment(ParagraphAlignment.CENTER);
        p.setSpacingAfter(240);
        run(p, text, true, 18, HEI);
    }

    void heading(String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setSpacingBefore(240);
        p.setSpacingAfter(120);
        run(p, text, true, 14, HEI);
    }

    void subheading(String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setSpacingBefore(120);
        run(p, text, true, 12, HEI);
    }

    /** The heading of one 评价细则 item inside a section. */
    void minorHeading(String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setSpacingBefore(100);
        run(p, text, true, BODY_PT, HEI);
    }

    void line(String text) {
        run(doc.createParagraph(), text, false, BODY_PT, SONG);
    }

    void small(String text) {
        run(doc.createParagraph(), text, false, 9, SONG);
    }

    /** A paragraph of text and figures; each figure is a tagged content control. */
    void paragraph(Object... parts) {
        XWPFParagraph p = doc.createParagraph();
        for (Object part : parts) {
            put(p, part, false, BODY_PT);
        }
    }

    /** Text the applicant still has to write, set apart in blue with a 【待企业撰写】 mark so it cannot pass as finished. */
    void placeholder(String what) {
        XWPFRun r = doc.createParagraph().createRun();
        fonts(r, SONG);
        r.setFontSize(BODY_PT);
        r.setColor("1F4E9A");
        r.setItalic(true);
        r.setText("【待企业撰写】" + what);
    }

    /** A picture scaled to the text width at most, keeping its aspect; {@code name} is its file name. */
    void image(byte[] bytes, int pictureType, int widthPx, int heightPx, String name) {
        double maxWidthPt = TEXT_WIDTH_TWIPS / 20.0 * 0.9;
        double scale = Math.min(1.0, maxWidthPt / (widthPx * 0.75));
        XWPFParagraph p = doc.createParagraph();
        p.setAlignment(ParagraphAlignment.CENTER);
        try {
            p.createRun().addPicture(new ByteArrayInputStream(bytes), pictureType, name,
                    Units.toEMU(widthPx * 0.75 * scale), Units.toEMU(heightPx * 0.75 * scale));
        } catch (IOException | org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
            throw new UncheckedIOException("cannot embed picture " + name, e instanceof IOException io ? io : new IOException(e));
        }
    }

    /** A PNG picture. */
    void png(byte[] png, int widthPx, int heightPx, String name) {
        image(png, Document.PICTURE_TYPE_PNG, widthPx, heightPx, name);
    }

    void pageBreak() {
        XWPFRun r = doc.createParagraph().createRun();
        fonts(r, SONG);
        r.addBreak(BreakType.PAGE);
    }

    /**
     * A full-width table: a bold header row, then the rows; {@code pt} is the font size of the rows and
     * {@code percents} the column widths (one per column).
     */
    void table(List<String> header, List<? extends List<?>> rows, int pt, int... percents) {
        if (percents.length != header.size()) {
            throw new IllegalArgumentException(header.size() + " columns but " + percents.length + " widths");
        }
        XWPFTable t = doc.createTable(rows.size() + 1, header.size());
        t.setWidth("100%");
        // LibreOffice lays columns out from the table grid, Word from the cell widths: set both
        CTTblGrid grid = t.getCTTbl().getTblGrid() == null ? t.getCTTbl().addNewTblGrid() : t.getCTTbl().getTblGrid();
        while (grid.sizeOfGridColArray() < percents.length) {
            grid.addNewGridCol();
        }
        for (int i = 0; i < percents.length; i++) {
            grid.getGridColArray(i).setW(BigInteger.valueOf((long) TEXT_WIDTH_TWIPS * percents[i] / 100));
        }
        fill(t.getRow(0), header, true, pt, percents);
        for (int i = 0; i < rows.size(); i++) {
            fill(t.getRow(i + 1), rows.get(i), false, pt, percents);
        }
        doc.createParagraph();
    }

    /** A centred PNG picture, {@code sizePt} points square (the QR code of a key fingerprint). */
    void picture(byte[] png, String name, int sizePt) {
        XWPFParagraph p = doc.createParagraph();
        p.setAlignment(ParagraphAlignment.CENTER);
        try {
            p.createRun().addPicture(new ByteArrayInputStream(png), Document.PICTURE_TYPE_PNG, name, Units.toEMU(sizePt), Units.toEMU(sizePt));
        } catch (IOException | InvalidFormatException e) {
            throw new IllegalStateException("cannot embed picture " + name + ": " + e.getMessage(), e);
        }
    }

    byte[] bytes() {
        try (doc; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("DOCX could not be written", e);
        }
    }

    /** Cells are text, {@link Figure}s (tagged), or lists of both. */
    private void fill(XWPFTableRow row, List<?> cells, boolean bold, int pt, int[] percents) {
        for (int i = 0; i < cells.size(); i++) {
            XWPFTableCell cell = row.getCell(i);
            cell.setWidth(percents[i] + "%");
            put(cell.getParagraphs().get(0), cells.get(i), bold, pt);
        }
    }

    private void put(XWPFParagraph p, Object part, boolean bold, int pt) {
        if (part instanceof List<?> parts) {
            parts.forEach(x -> put(p, x, bold, pt));
        } else if (part instanceof Figure f) {
            tagged(p, f.id(), f.text(), pt);
        } else {
            run(p, part == null ? "" : part.toString(), bold, pt, bold ? HEI : SONG);
        }
    }

    /**
     * A content control (w:sdt) holding one run: Word and LibreOffice show its text, and its w:tag carries
     * the field id the verifier looks it up by.
     */
    private void tagged(XWPFParagraph p, String id, String text, int pt) {
        CTSdtRun sdt = p.getCTP().addNewSdt();
        CTSdtPr pr = sdt.addNewSdtPr();
        pr.addNewTag().setVal(id);
        pr.addNewId().setVal(BigInteger.valueOf(++tags));
        CTR r = sdt.addNewSdtContent().addNewR();
        CTRPr rpr = r.addNewRPr();
        CTFonts fonts = rpr.addNewRFonts();
        fonts.setAscii(LATIN);
        fonts.setHAnsi(LATIN);
        fonts.setEastAsia(SONG);
        rpr.addNewSz().setVal(BigInteger.valueOf(pt * 2L));
        r.addNewT().setStringValue(text);
    }

    private static void run(XWPFParagraph p, String text, boolean bold, int pt, String eastAsia) {
        XWPFRun r = p.createRun();
        fonts(r, eastAsia);
        r.setBold(bold);
        r.setFontSize(pt);
        r.setText(text);
    }

    private static void fonts(XWPFRun r, String eastAsia) {
        r.setFontFamily(LATIN, XWPFRun.FontCharRange.ascii);
        r.setFontFamily(LATIN, XWPFRun.FontCharRange.hAnsi);
        r.setFontFamily(eastAsia, XWPFRun.FontCharRange.eastAsia);
    }
}
