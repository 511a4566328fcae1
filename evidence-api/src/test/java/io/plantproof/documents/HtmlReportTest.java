package io.plantproof.documents;

import io.plantproof.forms.NumberStyle;
import io.plantproof.rules.ApplicationType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML report is one self-contained file (no script, link, font or http(s) reference) with
 * inline SVG charts drawn from the inputs, the plant's threshold, the rule results, and escaped text.
 */
class HtmlReportTest {

    @Test
    void reportIsSelfContainedWithInlineSvgCharts() {
        DocumentInput in = DocumentFixture.input(ApplicationType.DIGITAL_WORKSHOP);
        String html = html(in);
        assertThat(html.toLowerCase()).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script")
                .doesNotContain("<link").doesNotContain("@import").doesNotContain("url(").doesNotContain("@font-face");
        assertThat(html).contains("<svg").contains("<style>");
        // one OEE line and one energy-intensity line for the one workshop in scope, one point per day
        assertThat(count(html, "<polyline")).isEqualTo(2);
        assertThat(count(html, "<circle")).isEqualTo(2 * 3);
        assertThat(in.daily()).hasSize(3).allSatisfy(p -> assertThat(p.oee()).isNotNull());
    }

    @Test
    void coverageChartHasABarPerDeviceAndThePlantsThreshold() {
        DocumentInput in = DocumentFixture.input(ApplicationType.SMART_FACTORY);
        String html = html(in);
        String threshold = NumberStyle.TWO_DECIMALS.format(in.plant().thresholds().onlineCoverage() * 100);
        assertThat(html).contains("阈值 " + threshold + "%");
        for (var d : in.report().equipment()) {
            assertThat(html).contains("<title>" + d.id() + " " + NumberStyle.TWO_DECIMALS.format(d.onlineCoverage() * 100) + "%</title>");
        }
        assertThat(in.report().equipment()).hasSize(4);
    }

    @Test
    void ruleResultsAreListedWithTheirOutcome() {
        DocumentInput in = DocumentFixture.input(ApplicationType.SMART_FACTORY);
        String html = html(in);
        in.ruleResults().forEach(r -> assertThat(html).contains("<tr class=\"" + r.outcome() + "\"><td>" + r.id() + "</td>"));
        assertThat(in.ruleResults()).isNotEmpty();
    }

    @Test
    void namesFromThePlantFileAreEscaped() {
        DocumentInput in = DocumentFixture.input(ApplicationType.DIGITAL_WORKSHOP,
                DocumentFixture.plant("<img src=x onerror=alert(1)>公司"), DocumentFixture.samples());
        assertThat(html(in)).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;公司");
    }

    private static String html(DocumentInput in) {
        return new String(Documents.render(in).get(Documents.REPORT_HTML), StandardCharsets.UTF_8);
    }

    private static int count(String s, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
