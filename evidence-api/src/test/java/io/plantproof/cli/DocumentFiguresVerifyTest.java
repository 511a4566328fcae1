package io.plantproof.cli;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static io.plantproof.cli.SmallBundle.plantproof;
import static io.plantproof.cli.SmallBundle.replaceAndResign;
import static io.plantproof.cli.SmallBundle.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Documents bound to figures: the key holder edits a figure inside a bundled 申报书 document (DOCX, XLSX or
 * HTML), re-lists its hash and re-signs the statement; the verifier must still fail, naming the document, the
 * field and both values. Without the document check every one of these bundles would verify.
 */
class DocumentFiguresVerifyTest {

    static final String DOCX = "documents/申报书-数字化车间.docx";
    static final String XLSX = "documents/申请表-数据.xlsx";
    static final String HTML = "documents/report.html";

    @TempDir
    static Path tmp;
    static SmallBundle small;

    @BeforeAll
    static void build() {
        small = SmallBundle.get();
    }

    private static SmallBundle.Run verify(Map<String, byte[]> entries, String name) {
        return plantproof("evidence", "verify", write(entries, tmp.resolve(name + ".zip")).toString(), "--key", small.key.fingerprint());
    }

    @Test
    void theUntouchedBundlesDocumentsMatchTheRecomputation() {
        // against the reviewer's policy: origin, time and official rules established, so only the documents could fail it
        SmallBundle.Run run = plantproof("evidence", "verify", small.bundle.toString(), "--policy", small.policy.toString());
        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).containsPattern("PASS\\s+documents\\s+\\d+ documents: \\d+ tagged figures match the recomputation");
    }

    @Test
    void aFigureEditedInTheDocxAndResignedIsNamedWithBothValues() {
        Map<String, byte[]> e = small.entries();
        String[] shown = new String[1];
        byte[] edited = editPart(e.get(DOCX), "word/document.xml", xml -> {
            Matcher m = Pattern.compile("(<w:tag w:val=\"cnc_rate\\.current\"/>.*?<w:t>)([^<]*)(</w:t>)").matcher(xml);
            assertThat(m.find()).isTrue();
            shown[0] = m.group(2);
            return xml.substring(0, m.start(2)) + "95.00" + xml.substring(m.end(2));
        });
        replaceAndResign(e, DOCX, edited, small.key);
        SmallBundle.Run run = verify(e, "docx-edited");
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL").contains(DOCX).contains("field cnc_rate.current")
                .contains("the document shows 95.00, the recomputation gives " + shown[0]).contains("VERIFICATION FAILED");
    }

    @Test
    void aFigureEditedInTheSpreadsheetAndResignedIsNamed() throws IOException {
        Map<String, byte[]> e = small.entries();
        String label = "车间内自动化、智能化设备占全部设备比重（%）";
        byte[] edited;
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(e.get(XLSX)));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Row row = StreamSupport.stream(wb.getSheetAt(0).spliterator(), false)
                    .filter(r -> r.getCell(1) != null && label.equals(r.getCell(1).getStringCellValue())).findFirst().orElseThrow();
            row.getCell(2).setCellValue(12.5);
            wb.write(out);
            edited = out.toByteArray();
        }
        replaceAndResign(e, XLSX, edited, small.key);
        SmallBundle.Run run = verify(e, "xlsx-edited");
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains(XLSX).contains("field automation_ratio.current (" + label + "): the document shows 12.50");
    }

    @Test
    void aFigureEditedInTheHtmlReportAndResignedIsNamed() {
        Map<String, byte[]> e = small.entries();
        String html = new String(e.get(HTML), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("data-field=\"networking_rate\\.current\">([^<]*)<").matcher(html);
        assertThat(m.find()).isTrue();
        String edited = html.substring(0, m.start(1)) + "100.00" + html.substring(m.end(1));
        replaceAndResign(e, HTML, edited.getBytes(StandardCharsets.UTF_8), small.key);
        SmallBundle.Run run = verify(e, "html-edited");
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains(HTML).contains("field networking_rate.current")
                .contains("the document shows 100.00, the recomputation gives " + m.group(1));
    }

    @Test
    void aFigureWhoseTagWasRemovedFromTheDocxIsMissing() {
        Map<String, byte[]> e = small.entries();
        // the figure's text stays, its content control's tag goes: the number is no longer bound, which must not pass
        byte[] edited = editPart(e.get(DOCX), "word/document.xml", xml -> xml.replace("<w:tag w:val=\"cnc_rate.current\"/>", ""));
        replaceAndResign(e, DOCX, edited, small.key);
        SmallBundle.Run run = verify(e, "docx-untagged");
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains(DOCX).contains("field cnc_rate.current").contains("is missing from the document");
    }

    /** A copy of an OOXML package with one part's text rewritten. */
    static byte[] editPart(byte[] zip, String part, UnaryOperator<String> edit) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                parts.put(entry.getName(), in.readAllBytes());
            }
            assertThat(parts).containsKey(part);
            parts.put(part, edit.apply(new String(parts.get(part), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                for (var p : parts.entrySet()) {
                    out.putNextEntry(new ZipEntry(p.getKey()));
                    out.write(p.getValue());
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
