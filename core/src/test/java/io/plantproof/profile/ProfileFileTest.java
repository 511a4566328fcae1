package io.plantproof.profile;

import io.plantproof.rules.ApplicationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The example profile under deploy/ loads and is complete for both application types; each kind of
 * mistake in a profile file is refused with its line and field path, and missing fields are listed.
 */
class ProfileFileTest {

    static final Path EXAMPLE = Path.of("..", "deploy", "profile.example.yml");

    @TempDir
    Path dir;

    @Test
    void theExampleProfileLoadsAndLacksNothingForEitherApplication() {
        ProfileFile file = ProfileFile.load(EXAMPLE);
        assertThat(file.profile().enterprise().shortName()).isEqualTo("示例精机");
        assertThat(file.profile().economics(2025).debtRatioPercent()).isCloseTo(20100.0 / 49800 * 100, org.assertj.core.data.Offset.offset(1e-9));
        for (ApplicationType type : ApplicationType.values()) {
            assertThat(ProfileCheck.missing(file, type)).as(type.id()).isEmpty();
            assertThat(file.profile().attachments(type)).isNotEmpty()
                    .allSatisfy(a -> assertThat(file.attachment(a.path())).isRegularFile());
        }
        assertThat(file.profile().attachments(ApplicationType.DIGITAL_WORKSHOP))
                .anySatisfy(a -> assertThat(a.field()).isEqualTo("digitalWorkshop.checklist[\"2.2\"].attachments[0]"));
    }

    @Test
    void anUnknownFieldIsRefusedWithItsLineAndPath() throws IOException {
        String yaml = example().replace("  contact: {name: 李晓红,", "  contact: {nmae: 李晓红,");
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ProfileException.class)
                .hasMessageContaining("line " + lineOf(yaml, "nmae: 李晓红"))
                .hasMessageContaining("enterprise.contact.nmae")
                .hasMessageContaining("unknown field 'nmae'")
                .hasMessageContaining("known: email, fax, mobile, name, phone, title");
    }

    @Test
    void aProjectNameAgainstTheNamingRuleIsRefusedWithTheExpectedName() throws IOException {
        String yaml = example().replace("name: 示例精机精密零部件数字化车间", "name: 示例精机零部件车间");
        assertThatThrownBy(() -> load(yaml)).hasMessageContaining("line " + lineOf(yaml, "name: 示例精机零部件车间")
                + ", digitalWorkshop.project.name: '示例精机零部件车间' does not end with 数字化车间");
        String other = example().replace("name: 示例精机精密零部件智能工厂", "name: 示例精机齿轮智能工厂");
        assertThatThrownBy(() -> load(other)).hasMessageContaining("smartFactory.project.name")
                .hasMessageContaining("expected '示例精机精密零部件智能工厂'");
    }

    @Test
    void everyProblemIsListedAtOnceWithItsLine() throws IOException {
        String yaml = example()
                .replace("\"3.4\": {ticked: [1], note", "\"3.4\": {ticked: [1, 4], note")
                .replace("\"9.1\": {ticked: [1]}", "\"9.9\": {ticked: [1]}")
                .replace("attachments: [profile-attachments/车间现场照片-示例.jpg]}\n    \"2.2\"",
                        "attachments: [profile-attachments/不存在.jpg]}\n    \"2.2\"")
                .replace("end: 2025-10", "end: 2023-10")
                .replace("level: 2 ", "level: 7 ");
        assertThatThrownBy(() -> load(yaml)).hasMessageContaining("has 5 problem(s)")
                .hasMessageContaining("line " + lineOf(yaml, "\"3.4\": {ticked: [1, 4]")
                        + ", digitalWorkshop.checklist[\"3.4\"].ticked[1]: 4 is not a box of item 3.4 设备管理 (1–3)")
                .hasMessageContaining("digitalWorkshop.checklist[\"9.9\"]: '9.9' is not an item of shaoxing-2025/digital-workshop")
                .hasMessageContaining("digitalWorkshop.checklist[\"2.1\"].attachments[0]: attachment")
                .hasMessageContaining("digitalWorkshop.project.end: 2023-10 is before start 2024-03")
                .hasMessageContaining("line " + lineOf(yaml, "level: 7") + ", maturity.level");
    }

    @Test
    void aDateInTheWrongFormIsNamedWithItsField() throws IOException {
        String yaml = example().replace("founded: 2012-05-18", "founded: 2012/05/18");
        assertThatThrownBy(() -> load(yaml)).hasMessageContaining("line " + lineOf(yaml, "founded: 2012/05/18"))
                .hasMessageContaining("enterprise.founded");
    }

    @Test
    void missingFieldsAreListedPerApplicationTypeWithTheLineToLookAt() throws IOException {
        String yaml = """
                version: 1
                enterprise:
                  founded: 2012-05-18
                  shortName: 示例精机
                digitalWorkshop:
                  project: {name: 示例精机精密零部件数字化车间, start: 2024-03}
                  checklist:
                    "1.1": {ticked: []}
                """;
        ProfileFile file = load(yaml);
        List<String> missing = ProfileCheck.missing(file, ApplicationType.DIGITAL_WORKSHOP).stream().map(ProfileCheck.Missing::toString).toList();
        assertThat(missing).contains("line 2, enterprise.address (详细地址)", "line 6, digitalWorkshop.project.end (起止日期（止）)",
                        "line 6, digitalWorkshop.project.plannedInvestment (计划总投资（万元）)", "economics[2025] (2025年总资产、资产负债率、总营收、利润率)",
                        "line 7, digitalWorkshop.checklist[\"1.2\"].ticked (评价细则 1.2 建立智能化改造组织机构 的勾选)")
                .noneMatch(m -> m.contains("checklist[\"1.1\"]"))
                // 2.3 (数控化率) and 8.1 are judged from data: no answer is required
                .noneMatch(m -> m.contains("checklist[\"2.3\"]") || m.contains("8.1"));
        assertThat(ProfileCheck.missing(file, ApplicationType.SMART_FACTORY)).extracting(ProfileCheck.Missing::field)
                .contains("economics[2023]", "smartFactory.project.name", "smartFactory.table4", "smartFactory.figures.promotedEnterprises");
    }

    @Test
    void anAttachmentOutsideTheProfileFolderIsRefused() throws IOException {
        String yaml = example().replace("businessLicense: profile-attachments/营业执照-示例.pdf", "businessLicense: ../secret.pdf");
        assertThatThrownBy(() -> load(yaml)).hasMessageContaining("enterprise.businessLicense: '../secret.pdf' must be a path inside the profile's folder");
    }

    @Test
    void aProfileWrittenByTheFormReadsBackTheSame() {
        ApplicationProfile p = ProfileFile.load(EXAMPLE).profile();
        String yaml = ProfileFile.toYaml(p);
        assertThat(ProfileFile.parse(yaml.getBytes(StandardCharsets.UTF_8), "form", EXAMPLE.toAbsolutePath().getParent()).profile())
                .isEqualTo(p);
    }

    private String example() throws IOException {
        return Files.readString(EXAMPLE);
    }

    /** Loads the text as a profile placed beside the example's attachments. */
    private ProfileFile load(String yaml) throws IOException {
        Path file = EXAMPLE.toAbsolutePath().getParent().resolve("profile.test-" + ProcessHandle.current().pid() + ".yml");
        try {
            Files.writeString(file, yaml);
            return ProfileFile.load(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        assertThat(at).as(needle).isNotNegative();
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
