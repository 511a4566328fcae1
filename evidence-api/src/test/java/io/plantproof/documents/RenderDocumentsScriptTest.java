package io.plantproof.documents;

import io.plantproof.rules.ApplicationType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs scripts/render-documents.sh on generated documents and checks with pdffonts that each PDF
 * embeds a CJK font. Skipped, with what to install, where LibreOffice or poppler-utils is missing.
 * The output stays in target/rendered-documents for a person to look at.
 */
class RenderDocumentsScriptTest {

    private static final List<String> CJK_FONT_MARKS = List.of("CJK", "Noto", "SimSun", "Song", "WenQuanYi", "Droid");

    @Test
    void documentsConvertToPdfWithCjkFontsAndToPngPages() throws Exception {
        for (String tool : List.of("soffice", "pdftoppm", "pdffonts")) {
            Assumptions.assumeTrue(onPath(tool), tool + " is not installed; apt-get install libreoffice-writer-nogui "
                    + "libreoffice-calc-nogui fonts-noto-cjk poppler-utils to run this test");
        }
        Path dir = Path.of("target", "rendered-documents").toAbsolutePath();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Map<String, byte[]> files = Documents.render(DocumentFixture.input(ApplicationType.SMART_FACTORY));
        Map<String, byte[]> workshop = Documents.render(DocumentFixture.input(ApplicationType.DIGITAL_WORKSHOP));
        for (Map<String, byte[]> set : List.of(files, workshop)) {
            for (Map.Entry<String, byte[]> f : set.entrySet()) {
                Files.write(dir.resolve(f.getKey()), f.getValue());
            }
        }

        Result render = run(List.of("bash", script().toString(), dir.toString()), 300);
        assertThat(render.code()).as(render.output()).isZero();

        List<String> documents = List.of("申报书-智能工厂", "申报书-数字化车间", "附件1-汇总表", "表1-软硬件清单", "申请表-数据",
                "评价细则自评表", "评价细则自评表-打印版");
        for (String name : documents) {
            Path pdf = dir.resolve("pdf").resolve(name + ".pdf");
            assertThat(pdf).as(render.output()).isRegularFile();
            assertThat(Files.size(pdf)).isPositive();
            Result fonts = run(List.of("pdffonts", pdf.toString()), 60);
            assertThat(fonts.code()).isZero();
            assertThat(CJK_FONT_MARKS).as("fonts of %s:%n%s", name, fonts.output()).anyMatch(fonts.output()::contains);
            try (Stream<Path> pages = Files.list(dir.resolve("png"))) {
                assertThat(pages.map(p -> p.getFileName().toString()))
                        .anyMatch(p -> p.startsWith(name + "-") && p.endsWith(".png"));
            }
        }
    }

    record Result(int code, String output) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // read before waiting so a chatty child never blocks on a full pipe
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), out);
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    /** The script in the repository, found from the module directory the tests run in. */
    private static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("scripts").resolve("render-documents.sh");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new AssertionError("scripts/render-documents.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
