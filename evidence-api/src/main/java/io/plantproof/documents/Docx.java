package io.plantproof.documents;

import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTFonts;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageMar;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageSz;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;

/**
 * A thin DOCX writer over POI with the forms' typography: A4, 宋体 for Chinese (黑体 for headings)
 * on every run and in the document defaults, so Word and LibreOffice both pick a CJK face.
 */
final class Docx {

    /** Chinese body face; LibreOffice without it falls back to an installed CJK face such as Noto Serif CJK SC. */
    static final String SONG = "宋体";
    static final String HEI = "黑体";
    private static final String LATIN = "Times New Roman";
    private static final int BODY_PT = 11;

    private final XWPFDocument doc = new XWPFDocument();

    Docx() {
        CTFonts fonts = CTFonts.Factory.newInstance();
        fonts.setAscii(LATIN);
        fonts.setHAnsi(LATIN);
        fonts.setEastAsia(SONG);
        doc.createStyles().setDefaultFonts(fonts);
        CTSectPr section = doc.getDocument().getBody().addNewSectPr();
        CTPageSz a4 = section.addNewPgSz();
        a4.setW(BigInteger.valueOf(11906));
        a4.setH(BigInteger.valueOf(16838));
        CTPageMar margins = section.addNewPgMar();
        margins.setTop(BigInteger.valueOf(1304));
        margins.setBottom(BigInteger.valueOf(1304));
        margins.setLeft(BigInteger.valueOf(1247));
        margins.setRight(BigInteger.valueOf(1247));
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

    void line(String text) {
        run(doc.createParagraph(), text, false, BODY_PT, SONG);
    }

    void small(String text) {
        run(doc.createParagraph(), text, false, 9, SONG);
    }

    /** A full-width table: a bold header row, then the rows; {@code pt} is the font size of the rows. */
    void table(List<String> header, List<List<String>> rows, int pt) {
        XWPFTable t = doc.createTable(rows.size() + 1, header.size());
        t.setWidth("100%");
        fill(t.getRow(0), header, true, pt);
        for (int i = 0; i < rows.size(); i++) {
            fill(t.getRow(i + 1), rows.get(i), false, pt);
        }
        doc.createParagraph();
    }

    byte[] bytes() {
        try (doc; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("DOCX could not be written", e);
        }
    }

    private static void fill(XWPFTableRow row, List<String> cells, boolean bold, int pt) {
        for (int i = 0; i < cells.size(); i++) {
            XWPFTableCell cell = row.getCell(i);
            run(cell.getParagraphs().get(0), cells.get(i), bold, pt, bold ? HEI : SONG);
        }
    }

    private static void run(XWPFParagraph p, String text, boolean bold, int pt, String eastAsia) {
        XWPFRun r = p.createRun();
        r.setText(text);
        r.setBold(bold);
        r.setFontSize(pt);
        r.setFontFamily(LATIN, XWPFRun.FontCharRange.ascii);
        r.setFontFamily(LATIN, XWPFRun.FontCharRange.hAnsi);
        r.setFontFamily(eastAsia, XWPFRun.FontCharRange.eastAsia);
    }
}
