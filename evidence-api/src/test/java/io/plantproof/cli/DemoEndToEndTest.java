package io.plantproof.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantproof.documents.DocumentChecks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo path end to end through the launcher's own code: simulated OPC UA server, MQTT broker
 * and exports, real connectors and importer, ledger, QuestDB, bundle, verification and tampering.
 */
class DemoEndToEndTest {

    @TempDir
    static Path dir;
    static Path bundle;
    static String demoOut;

    record Run(int code, String out, String err) {
    }

    static Run plantproof(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PlantProof.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void runDemo() {
        Run demo = plantproof("demo", "--for", "25s", "--out", dir.resolve("d").toString(), "--history-days", "1");
        demoOut = demo.out();
        assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
        bundle = dir.resolve("d/bundle.zip");
    }

    @Test
    void demoWritesBundleAndSummaryWithIndicatorsFromTheRealConnectors() throws IOException {
        assertThat(bundle).isRegularFile();
        assertThat(dir.resolve("d/summary.txt")).isRegularFile();
        assertThat(demoOut).contains("VERIFIED").doesNotContain("VERIFICATION FAILED");
        // the OPC UA and MQTT machines were collected live: every automated machine shows as networked
        assertThat(demoOut).containsPattern("networking_rate\\s+\\S+\\s+100");
        assertThat(demoOut).contains("PASS       basic-4");
    }

    @Test
    void untouchedBundleIsIntactButWithoutAPinnedKeyItsOriginIsNotEstablished() {
        Run verify = plantproof("evidence", "verify", bundle.toString());
        assertThat(verify.code()).as(verify.out() + verify.err()).isEqualTo(3);
        assertThat(verify.out()).startsWith("INTACT-ORIGIN-NOT-ESTABLISHED").contains("PASS          oee")
                .contains("NOT established: origin").doesNotContainPattern("(?m)^VERIFIED");
    }

    @Test
    void theReviewersCommandWithThePolicyTheOfficeWroteVerifiesAndLabelsTheImportedBaseline() {
        Run verify = plantproof("evidence", "verify", bundle.toString(), "--policy", dir.resolve("d/" + DemoCommand.POLICY).toString());
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).startsWith("VERIFIED").containsPattern("PASS\\s+anchor\\s+witness quorum office-witness")
                .containsPattern("PASS\\s+anchor\\s+time-stamp authority simulated-tsa")
                // the baseline comes from last year's exports imported today: honest, and labelled so
                .containsPattern("established:\\s+time, baseline \\S+: \\d+ of \\d+ chunk\\(s\\) hold IMPORTED data only and were "
                        + "first anchored by witness office-witness on \\S+ .*after the period they claim: recorded after the fact");
    }

    @Test
    void oneByteChangedInAChunkFailsAndNamesTheFile() throws IOException {
        Path tampered = dir.resolve("tampered-chunk.zip");
        String name = rewrite(bundle, tampered, e -> e.startsWith("chunks/") && e.contains("CNC-01"));
        Run verify = plantproof("evidence", "verify", tampered.toString());
        assertThat(verify.code()).isEqualTo(1);
        assertThat(verify.out()).contains(name).contains("VERIFICATION FAILED");
    }

    @Test
    void oneByteChangedInTheStatementFailsAndNamesIt() throws IOException {
        Path tampered = dir.resolve("tampered-statement.zip");
        rewrite(bundle, tampered, e -> e.equals("statement.dsse.json"));
        Run verify = plantproof("evidence", "verify", tampered.toString());
        assertThat(verify.code()).isEqualTo(1);
        assertThat(verify.out()).contains("statement.dsse.json");
    }

    @Test
    void everyFileInTheBundleIsCoveredByVerification() throws IOException {
        for (String entry : entries(bundle).keySet()) {
            Path tampered = dir.resolve("t.zip");
            rewrite(bundle, tampered, e -> e.equals(entry));
            Run verify = plantproof("evidence", "verify", tampered.toString(), "--json");
            assertThat(verify.code()).as("changing " + entry).isEqualTo(1);
            assertThat(verify.out()).as("changing " + entry).contains(entry);
        }
    }

    /**
     * Both application types from the demo's data and its example profile: the digital workshop the demo built,
     * and a smart factory built here from the same data folder; each 申报书 complete, in five parts, one section per
     * 评价细则 item, with charts, no English, and every figure matching the verifier's recomputation.
     */
    @Test
    void bothApplicationsFromTheDemoAndTheExampleProfileAreCompleteAndVerify() throws IOException {
        var statement = SmallBundle.statement(entries(bundle));
        Path factory = dir.resolve("d/smart-factory.zip");
        Run build = plantproof("evidence", "build", "--config", dir.resolve("d/plant.yml").toString(), "--type", "smart-factory",
                "--baseline", statement.get("baseline").asString(), "--current", statement.get("current").asString(),
                "--profile", dir.resolve("d/profile.yml").toString(), "--out", factory.toString());
        assertThat(build.code()).as(build.out() + build.err()).isZero();
        for (var type : io.plantproof.rules.ApplicationType.values()) {
            Path zip = type == io.plantproof.rules.ApplicationType.SMART_FACTORY ? factory : bundle;
            Map<String, byte[]> files = entries(zip);
            assertThat(files).containsKey("profile/profile.yml").containsKey("profile/files/profile-attachments/MES系统截图-示例.png");
            try (var doc = new org.apache.poi.xwpf.usermodel.XWPFDocument(new java.io.ByteArrayInputStream(
                    files.get("documents/申报书-" + type.chinese() + ".docx")))) {
                DocumentChecks.everyFormFieldHasAValueOrAReason(doc, type);
                DocumentChecks.partsInOrder(doc, type);
                DocumentChecks.oneSectionPerItem(doc, type);
                assertThat(DocumentChecks.charts(doc)).as(type.id()).isEqualTo(3);
                assertThat(DocumentChecks.englishWords(String.join("\n", DocumentChecks.blocks(doc)))).as(type.id()).isEmpty();
            }
            // the reviewer's command: origin and time from the policy the demo's office wrote
            Run verify = plantproof("evidence", "verify", zip.toString(), "--policy", dir.resolve("d").resolve(DemoCommand.POLICY).toString());
            assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
            assertThat(verify.out()).containsPattern("PASS\\s+documents");
        }
    }

    @Test
    void notAZipIsUnreadableInput() throws IOException {
        Path junk = dir.resolve("junk.zip");
        Files.writeString(junk, "not a zip");
        assertThat(plantproof("evidence", "verify", junk.toString()).code()).isEqualTo(2);
        assertThat(plantproof("no-such-command").code()).isEqualTo(2);
        assertThat(plantproof("evidence", "verify", bundle.toString(), "--bogus").code()).isEqualTo(2);
    }

    /** Copies a zip, flipping one byte in the middle of the first entry that matches. */
    static String rewrite(Path from, Path to, java.util.function.Predicate<String> which) throws IOException {
        Map<String, byte[]> entries = entries(from);
        String changed = null;
        try (OutputStream os = Files.newOutputStream(to); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (var e : entries.entrySet()) {
                byte[] bytes = e.getValue();
                if (changed == null && which.test(e.getKey()) && bytes.length > 0) {
                    bytes = bytes.clone();
                    bytes[bytes.length / 2] ^= 0x01;
                    changed = e.getKey();
                }
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        assertThat(changed).as("an entry to change").isNotNull();
        return changed;
    }

    static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                out.put(e.getName(), z.readAllBytes());
            }
        }
        return out;
    }
}
