package io.plantproof.cli;

import io.plantproof.evidence.BundleVerifier;
import io.plantproof.evidence.ReviewerTrust;
import io.plantproof.evidence.VerificationReport;
import io.plantproof.evidence.VerificationReport.IndicatorCheck;
import io.plantproof.tlog.TrustPolicy;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.plantproof.cli.SmallBundle.plantproof;
import static io.plantproof.cli.SmallBundle.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The reviewer's verification report ({@code evidence verify --report-out}) read back from the DOCX it writes:
 * the verdict line must be the verifier's verdict, and every indicator row must carry the reported and the
 * recomputed number and the result of the verifier's own report, for an honest bundle, one whose key holder
 * re-signed an inflated figure, and one verified without a pinned key.
 */
class VerificationDocumentTest {

    @TempDir
    static Path tmp;
    static SmallBundle small;

    @BeforeAll
    static void build() {
        small = SmallBundle.get();
    }

    @Test
    void anHonestBundleWithItsPinnedKeyIsReportedVerifiedWithEveryIndicatorAsRecomputed() throws Exception {
        Path dir = tmp.resolve("honest");
        SmallBundle.Run run = plantproof("evidence", "verify", small.bundle.toString(), "--policy", small.policy.toString(),
                "--report-out", dir.toString());
        assertThat(run.code()).as(run.all()).isZero();
        VerificationReport report = verify(small.bundle);
        Doc doc = Doc.read(dir.resolve("核验报告.docx"));
        assertThat(doc.paragraphs.get(0)).isEqualTo("核验结论：核验通过（VERIFIED，退出码 0）");
        assertIndicatorRows(doc, report);
        assertThat(doc.text()).contains(small.key.fingerprint()).contains("八、核验能证明什么，不能证明什么");
        String html = Files.readString(dir.resolve("核验报告.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("核验结论：核验通过（VERIFIED，退出码 0）").contains(small.key.fingerprint());
    }

    @Test
    void aFigureTheKeyHolderInflatedAndResignedIsReportedFailedWithBothNumbers() throws Exception {
        Map<String, byte[]> e = small.entries();
        ObjectNode statement = SmallBundle.statement(e);
        ObjectNode indicator = SmallBundle.indicatorWithValue(statement);
        double honest = indicator.get("current").get("value").asDouble();
        ((ObjectNode) indicator.get("current")).put("value", honest + 7);
        SmallBundle.sign(e, statement, small.key);
        Path bundle = write(e, tmp.resolve("inflated.zip"));
        Path dir = tmp.resolve("inflated");
        SmallBundle.Run run = plantproof("evidence", "verify", bundle.toString(), "--policy", small.policy.toString(),
                "--report-out", dir.toString());
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        VerificationReport report = verify(bundle);
        Doc doc = Doc.read(dir.resolve("核验报告.docx"));
        assertThat(doc.paragraphs.get(0)).isEqualTo("核验结论：核验未通过（VERIFICATION FAILED，退出码 1）");
        assertIndicatorRows(doc, report);
        String id = "（" + indicator.get("id").asString() + "）";
        List<String> row = doc.indicatorRows().stream().filter(r -> r.get(0).endsWith(id) && r.get(1).equals("建设后"))
                .findFirst().orElseThrow();
        assertThat(number(row.get(2))).isCloseTo(honest + 7, within(0.01));
        assertThat(number(row.get(3))).isCloseTo(honest, within(0.01));
        assertThat(row.get(4)).isEqualTo("未通过");
    }

    @Test
    void withoutAPinnedKeyTheReportSaysTheOriginIsNotEstablishedAndWhy() throws Exception {
        Path dir = tmp.resolve("unpinned");
        SmallBundle.Run run = plantproof("evidence", "verify", small.bundle.toString(), "--report-out", dir.toString());
        assertThat(run.code()).as(run.all()).isEqualTo(3);
        VerificationReport report = new BundleVerifier(s -> { }).verify(small.bundle, new ReviewerTrust(null, null, List.of()));
        Doc doc = Doc.read(dir.resolve("核验报告.docx"));
        assertThat(doc.paragraphs.get(0)).isEqualTo("核验结论：数据完整，但来源未确认（未给定备案的密钥指纹或核验策略）"
                + "（INTACT-ORIGIN-NOT-ESTABLISHED，退出码 3）");
        assertThat(report.notEstablished()).isNotEmpty();
        for (String line : report.notEstablished()) {
            assertThat(doc.rows()).as(line).contains(List.of("未确认", line));
        }
        assertIndicatorRows(doc, report);
    }

    @Test
    void anUnwritableReportFolderIsABadUsageNamingIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        SmallBundle.Run run = plantproof("evidence", "verify", small.bundle.toString(), "--policy", small.policy.toString(),
                "--report-out", file.toString());
        assertThat(run.code()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains(file.toString());
    }

    /** What the reviewer holding the office's policy (collector key, witness, TSA root) finds in {@code bundle}. */
    private static VerificationReport verify(Path bundle) throws Exception {
        return new BundleVerifier(s -> { }).verify(bundle,
                new ReviewerTrust(null, TrustPolicy.parse(Files.readAllBytes(small.policy), small.policy.toString()), List.of()));
    }

    /** Row i of the indicator table is indicator check i: id, period, both numbers (to the shown decimals) and result. */
    private static void assertIndicatorRows(Doc doc, VerificationReport report) {
        List<List<String>> rows = doc.indicatorRows();
        assertThat(rows).hasSameSizeAs(report.indicators());
        for (int i = 0; i < rows.size(); i++) {
            IndicatorCheck want = report.indicators().get(i);
            List<String> row = rows.get(i);
            String what = want.indicator() + " " + want.period();
            assertThat(row.get(0)).as(what).endsWith("（" + want.indicator().id() + "）");
            assertThat(row.get(1)).as(what).isEqualTo(want.period().equals("baseline") ? "建设前" : "建设后");
            assertShown(row.get(2), want.reported(), what + " reported");
            assertShown(row.get(3), want.recomputed(), what + " recomputed");
            assertThat(row.get(4)).as(what).isEqualTo(switch (want.result()) {
                case PASS -> "通过";
                case FAIL -> "未通过";
                case UNVERIFIABLE -> "无法核验";
            });
        }
        long pass = report.indicators().stream().filter(c -> c.result() == VerificationReport.Result.PASS).count();
        assertThat(doc.text()).contains("合计：通过 " + pass + " 项");
    }

    /** A number shown with d decimals is the value rounded to d decimals; no value is shown as —. */
    private static void assertShown(String cell, Double value, String what) {
        if (value == null) {
            assertThat(cell).as(what).isEqualTo("—");
            return;
        }
        int dot = cell.indexOf('.');
        double half = dot < 0 ? 0.5 : 0.5 * Math.pow(10, -(cell.length() - dot - 1));
        assertThat(number(cell)).as(what + " shown as " + cell).isCloseTo(value, within(half + 1e-9));
    }

    private static double number(String cell) {
        return Double.parseDouble(cell.replace(",", ""));
    }

    /** The DOCX's paragraphs and table rows as text, in document order. */
    private record Doc(List<String> paragraphs, List<List<List<String>>> tables) {

        static Doc read(Path docx) throws IOException {
            List<String> paragraphs = new ArrayList<>();
            List<List<List<String>>> tables = new ArrayList<>();
            try (InputStream in = Files.newInputStream(docx); XWPFDocument d = new XWPFDocument(in)) {
                for (IBodyElement b : d.getBodyElements()) {
                    if (b instanceof XWPFParagraph p && !p.getText().isBlank()) {
                        paragraphs.add(p.getText());
                    } else if (b instanceof XWPFTable t) {
                        List<List<String>> rows = new ArrayList<>();
                        for (XWPFTableRow r : t.getRows()) {
                            rows.add(r.getTableCells().stream().map(XWPFTableCell::getText).toList());
                        }
                        tables.add(rows);
                    }
                }
            }
            // the title is the first paragraph; the verdict the first after it
            return new Doc(paragraphs.subList(1, paragraphs.size()), tables);
        }

        List<List<String>> indicatorRows() {
            List<List<String>> table = tables.stream().filter(t -> t.get(0).size() > 4 && t.get(0).subList(0, 4).equals(List.of("指标", "期间", "申报值", "复算值")))
                    .findFirst().orElseThrow();
            return table.subList(1, table.size());
        }

        List<List<String>> rows() {
            return tables.stream().flatMap(List::stream).toList();
        }

        String text() {
            return String.join("\n", paragraphs) + "\n" + rows();
        }
    }
}
