package io.plantproof.documents;

import io.plantproof.metrics.IndicatorId;
import io.plantproof.rules.ApplicationType;
import io.plantproof.rules.RuleResult;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both application types rendered from the fixture's data and the example profile under deploy/: the
 * whole 申报书 as the notice lays it out ({@link DocumentChecks}), and no English in any Chinese document.
 */
class ApplicationDocumentsTest {

    @Test
    void bothApplicationsAreCompleteInFivePartsWithASectionPerItemAndCharts() throws IOException {
        for (ApplicationType type : ApplicationType.values()) {
            DocumentInput in = DocumentFixture.input(type);
            try (XWPFDocument doc = docx(Documents.render(in), type)) {
                DocumentChecks.everyFormFieldHasAValueOrAReason(doc, type);
                DocumentChecks.partsInOrder(doc, type);
                DocumentChecks.oneSectionPerItem(doc, type);
                // coverage per device, OEE before/after, energy intensity before/after
                assertThat(DocumentChecks.charts(doc)).as(type.id()).isEqualTo(3);
            }
        }
    }

    @Test
    void theCncRateSectionListsEveryKeyProcessDeviceWithTheComputedRate() throws IOException {
        for (ApplicationType type : ApplicationType.values()) {
            DocumentInput in = DocumentFixture.input(type);
            String rate = in.report().indicator(IndicatorId.CNC_RATE).current().value() == null ? null
                    : String.format(java.util.Locale.ROOT, "%.2f", in.report().indicator(IndicatorId.CNC_RATE).current().value());
            try (XWPFDocument doc = docx(Documents.render(in), type)) {
                List<String> blocks = DocumentChecks.blocks(doc);
                // the digital workshop writes it up under 2.3 设备数控化率, the smart factory under its basic condition 4
                String start = type == ApplicationType.DIGITAL_WORKSHOP ? "2.3　设备数控化率" : "关键工序（核心装备）数控化率明细";
                List<String> section = blocks.subList(blocks.indexOf(start), blocks.size());
                section = section.subList(0, section.stream().filter(b -> b.startsWith("关键工序数控化率 = ")).findFirst()
                        .map(section::indexOf).orElseThrow() + 1);
                String text = String.join("\n", section);
                in.formInput().equipment().stream().filter(e -> e.keyProcess())
                        .forEach(e -> assertThat(text).as(type.id()).contains(e.id() + " | "));
                assertThat(text).contains("= " + rate + "%");
                if (type == ApplicationType.DIGITAL_WORKSHOP) {
                    RuleResult tier = in.ruleResults().stream().filter(r -> r.id().equals("2.3")).findFirst().orElseThrow();
                    assertThat(text).contains("达到“" + tier.tier() + "”");
                }
            }
        }
    }

    @Test
    void noEnglishWordsInTheChineseDocuments() throws IOException {
        for (ApplicationType type : ApplicationType.values()) {
            Map<String, byte[]> files = Documents.render(DocumentFixture.input(type));
            try (XWPFDocument doc = docx(files, type)) {
                // the fixture's 表1 has a supplier named like a spreadsheet formula (for the injection test): data, not our text
                String text = String.join("\n", DocumentChecks.blocks(doc)).replace(DocumentFixture.FORMULA_SUPPLIER, "");
                assertThat(DocumentChecks.englishWords(text)).as(type.id()).isEmpty();
            }
            try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(files.get(Documents.SCORING_DOCX)))) {
                assertThat(DocumentChecks.englishWords(String.join("\n", DocumentChecks.blocks(doc)))).as("scoring " + type.id()).isEmpty();
            }
            String html = new String(files.get(Documents.REPORT_HTML), StandardCharsets.UTF_8)
                    .replaceAll("(?s)<style>.*?</style>", "").replaceAll("<[^>]*>", " ").replaceAll("&[a-z]+;|&#[0-9]+;", " ");
            assertThat(DocumentChecks.englishWords(html)).as("report.html " + type.id()).isEmpty();
        }
    }

    @Test
    void theEnglishCheckCatchesAnEnglishEngineNote() {
        assertThat(DocumentChecks.englishWords("—（期间 2025-07-07..2025-07-09 无数据）")).isEmpty();
        assertThat(DocumentChecks.englishWords("cnc_rate:key.nc/key，keyProcessNumericalControl = 2，MEASURED，tce/万元，E-mail"))
                .isEmpty();
        assertThat(DocumentChecks.englishWords("—（no data in 2025-07-07..2025-07-09）")).containsExactly("no", "data", "in");
        assertThat(DocumentChecks.englishWords("表1 lines accepted")).containsExactly("lines", "accepted");
    }

    static XWPFDocument docx(Map<String, byte[]> files, ApplicationType type) throws IOException {
        return new XWPFDocument(new ByteArrayInputStream(files.get(Documents.applicationFileName(type))));
    }
}
