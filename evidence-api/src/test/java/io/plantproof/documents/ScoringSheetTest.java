package io.plantproof.documents;

import io.plantproof.rules.ApplicationType;
import io.plantproof.rules.RuleResult;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 评价细则 self-scoring sheet opened in LibreOffice (headless, told to recalculate every formula on load) and
 * saved as CSV: the SUGGESTED column, computed by LibreOffice from the figure cells, puts ☑ on the box the rule
 * engine reached; after the 数控化率 cell is changed to 95, LibreOffice moves the tick to 大于90%; and the totals
 * are what the rows add up to. Skipped where LibreOffice is not installed.
 */
class ScoringSheetTest {

    @TempDir
    Path dir;

    @Test
    void libreOfficeComputesTheSuggestedBoxesAndTotalsFromTheFigureCells() throws Exception {
        Assumptions.assumeTrue(RenderDocumentsScriptTest.onPath("soffice"), "soffice is not installed (apt-get install libreoffice-calc-nogui)");
        DocumentInput in = DocumentFixture.input(ApplicationType.DIGITAL_WORKSHOP);
        byte[] xlsx = Documents.render(in).get(Documents.SCORING_XLSX);
        Files.write(dir.resolve("as-built.xlsx"), xlsx);
        Files.write(dir.resolve("cnc-95.xlsx"), withCncRate(xlsx, 95.0));
        convertToCsv(dir.resolve("as-built.xlsx"), dir.resolve("cnc-95.xlsx"));

        List<String[]> built = csv(dir.resolve("as-built.csv"));
        RuleResult cnc = in.ruleResults().stream().filter(r -> r.id().equals("2.3")).findFirst().orElseThrow();
        assertThat(ticked(built, "2.3")).as("LibreOffice's box for 2.3 vs the rule engine's " + cnc.tier()).containsExactly(cnc.box());
        for (RuleResult r : in.ruleResults()) {
            if (r.outcome() == RuleResult.Outcome.SUGGESTED) {
                assertThat(ticked(built, r.id())).as("suggested box of " + r.id()).containsExactly(r.box());
            }
        }
        long ticks = built.stream().filter(row -> row.length > 6 && row[6].equals(ScoringSheet.TICKED)).count();
        assertThat(total(built, "数据支持的格")).isEqualTo(ticks);
        assertThat(total(built, "企业勾选的格")).isEqualTo(built.stream().filter(row -> row.length > 7 && row[7].equals(ScoringSheet.TICKED)).count());
        assertThat(total(built, "评价内容（项）")).isEqualTo(22);

        assertThat(ticked(csv(dir.resolve("cnc-95.csv")), "2.3")).as("数控化率 95 % is 大于90%, box 3").containsExactly(3);
    }

    /** The workbook with the 2.3 figure cell set to {@code rate}, formulas left for LibreOffice to compute. */
    private static byte[] withCncRate(byte[] xlsx, double rate) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx));
             java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            Sheet s = wb.getSheetAt(0);
            for (Row row : s) {
                if (row.getCell(1) != null && "2.3".equals(row.getCell(1).getStringCellValue())) {
                    row.getCell(5).setCellValue(rate);
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    /** The box numbers ticked in the SUGGESTED column for an item (the rows from its first to the next item's). */
    private static List<Integer> ticked(List<String[]> rows, String item) {
        String number = item.contains("-") ? item.substring(0, item.indexOf('-')) : item;
        List<Integer> out = new ArrayList<>();
        boolean in = false;
        for (String[] row : rows) {
            if (row.length > 1 && !row[1].isEmpty()) {
                in = row[1].equals(number) && (!item.contains("-") || row[2].contains(itemTitle(item)));
            }
            if (in && row.length > 6 && row[6].equals(ScoringSheet.TICKED)) {
                out.add((int) Double.parseDouble(row[3]));
            }
        }
        return out;
    }

    private static String itemTitle(String item) {
        return Map.of("8.1-efficiency", "生产效率", "8.1-defect", "产品不良品率", "8.1-energy", "能源利用率").get(item);
    }

    private static long total(List<String[]> rows, String label) {
        return rows.stream().filter(r -> r.length > 5 && r[4].equals(label)).map(r -> Math.round(Double.parseDouble(r[5])))
                .findFirst().orElseThrow(() -> new AssertionError("no total " + label));
    }

    private void convertToCsv(Path... files) throws Exception {
        Path profile = Files.createDirectories(dir.resolve("lo-profile/user"));
        // LibreOffice keeps the cached results of an .xlsx by default; this profile makes it recalculate on load
        Files.writeString(profile.resolve("registrymodifications.xcu"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                <item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
                </oor:items>
                """);
        List<String> command = new ArrayList<>(List.of("soffice", "-env:UserInstallation=" + dir.resolve("lo-profile").toUri(),
                "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir.toString()));
        for (Path f : files) {
            command.add(f.toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("soffice finished: " + output).isTrue();
        for (Path f : files) {
            assertThat(dir.resolve(f.getFileName().toString().replace(".xlsx", ".csv"))).as(output).isRegularFile();
        }
    }

    /** A CSV of LibreOffice's: comma-separated, fields quoted with " when needed. */
    private static List<String[]> csv(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"' && quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            rows.add(cells.toArray(String[]::new));
        }
        return rows;
    }
}
