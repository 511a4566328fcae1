package io.plantproof.exports;

import io.plantproof.sample.Sample;
import io.plantproof.sample.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.plantproof.exports.ExportFixtures.day;
import static io.plantproof.exports.ExportFixtures.plant;
import static io.plantproof.exports.ExportFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

/** CSV encodings, separators, quoting and date/number spellings, and precise reporting of one bad row in 10,000. */
class CsvExportTest {

    @TempDir
    Path tmp;

    private final ExportFixtures.RecordingSink sink = new ExportFixtures.RecordingSink();

    private ImportResult importFile(Path f) {
        return new ExportImporter(plant(), sink, tmp.resolve("originals"), s -> { }).importFile(f);
    }

    @Test
    void gbkCsvWithQuotedThousandsAndChineseDates() throws Exception {
        // Excel in China saves "CSV" as GBK; the quoted "1,200" holds a thousands separator and a quoted name holds a quote
        Path f = write(tmp, "生产日报.csv", """
                日期,车间,产量(件),合格数(件),不良数(件),产值(万元),备注
                2025/7/1,一车间,"1,200",1180,20,36.5,"夜班 ""加班"", 正常"
                2025年7月2日,W2,800,790,10,"24.0",
                """, Charset.forName("GBK"));
        ImportResult r = importFile(f);

        assertThat(r.errors()).isEmpty();
        assertThat(r.status()).isEqualTo(ImportResult.Status.ACCEPTED);
        assertThat(r.table()).isEqualTo("生产日报");
        assertThat(sink.value("W1", Signals.REPORT_OUTPUT_QTY, day("2025-07-01"))).isEqualTo(1200);
        assertThat(sink.value("W1", Signals.REPORT_DEFECT_QTY, day("2025-07-01"))).isEqualTo(20);
        assertThat(sink.value("W2", Signals.REPORT_OUTPUT_VALUE, day("2025-07-02"))).isEqualTo(24.0);
        assertThat(r.samples()).isEqualTo(8);
    }

    @Test
    void utf8BomTabSeparatedWithQuotedLineBreakAndSerialDate() throws Exception {
        // 45839 is the Excel serial of 2025-07-01; the quoted cell spans two lines, so the bad row is on line 4
        Path f = write(tmp, "能耗.tsv", "\uFEFF日期\t车间\t能源种类\t数量\t单位\r\n"
                + "45839\tW1\t电力\t1,500.5\t\"kWh\nmeter A\"\r\n"
                + "2025-07-02\tW1\t煤气\t10\tm3\r\n", StandardCharsets.UTF_8);
        ImportResult r = importFile(f);

        assertThat(r.status()).isEqualTo(ImportResult.Status.REJECTED);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(4);
            assertThat(e.column()).isEqualTo("能源种类 (column 3)");
            assertThat(e.value()).isEqualTo("煤气");
        });
        assertThat(sink.batches).isEmpty();

        Files.writeString(f, Files.readString(f).replace("煤气", "天然气"));
        ImportResult fixed = importFile(f);
        assertThat(fixed.status()).isEqualTo(ImportResult.Status.ACCEPTED);
        assertThat(sink.value("W1", Signals.REPORT_ENERGY_PREFIX + "electricity", day("2025-07-01"))).isEqualTo(1500.5);
        assertThat(sink.value("W1", Signals.REPORT_ENERGY_PREFIX + "natural_gas", day("2025-07-02"))).isEqualTo(10);
    }

    @Test
    void oneMalformedRowInTenThousandIsNamedByRowAndColumn() throws Exception {
        StringBuilder csv = new StringBuilder("ts,device,signal,value,quality\n");
        long t0 = day("2025-07-01");
        int badLine = 5_433; // header is line 1, so data row i sits on line i + 1
        for (int i = 1; i <= 10_000; i++) {
            String value = i + 1 == badLine ? "12,5kW" : Integer.toString(i % 90);
            csv.append(t0 + i * 10_000L).append(",M1,power,").append(i + 1 == badLine ? '"' + value + '"' : value).append(",0\n");
        }
        Path f = write(tmp, "historian.csv", csv.toString(), StandardCharsets.UTF_8);

        ImportResult r = importFile(f);
        assertThat(r.status()).isEqualTo(ImportResult.Status.REJECTED);
        assertThat(r.rows()).isEqualTo(10_000);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("historian.csv");
            assertThat(e.row()).isEqualTo(badLine);
            assertThat(e.column()).isEqualTo("value (column 4)");
            assertThat(e.value()).isEqualTo("12,5kW");
        });
        assertThat(sink.batches).as("whole-file rejection hands nothing to the sink").isEmpty();
        try (var left = Files.list(tmp.resolve("originals"))) {
            assertThat(left).as("the rejected file's samples kept while it was read are gone").isEmpty();
        }

        ExportImporter lenient = new ExportImporter(plant("  acceptGoodRows: true\n"), sink, tmp.resolve("originals"), s -> { });
        ImportResult partial = lenient.importFile(f);
        assertThat(partial.status()).isEqualTo(ImportResult.Status.ACCEPTED);
        assertThat(partial.samples()).isEqualTo(9_999);
        assertThat(partial.errors()).extracting(RowError::row).containsExactly(badLine);
        assertThat(sink.samples()).noneMatch(s -> s.epochMillis() == t0 + (badLine - 1) * 10_000L);
        assertThat(sink.batches).extracting(b -> b.size()).containsExactly(10_000 - 1);
    }

    @Test
    void withAcceptGoodRowsARowWithAnUnreadableDateIsLeftOutAndTheOthersImported() throws Exception {
        Path production = write(tmp, "日报.csv", """
                日期,车间,产量(件),合格数(件),不良数(件),产值(万元)
                2025-07-01,W1,100,95,5,3
                2025-07-32,W1,100,95,5,3
                2025-07-02,W1,80,80,0,2
                """, StandardCharsets.UTF_8);
        ImportResult r = new ExportImporter(plant("  acceptGoodRows: true\n"), sink, tmp.resolve("originals"), s -> { })
                .importFile(production);
        assertThat(r.status()).isEqualTo(ImportResult.Status.ACCEPTED);
        assertThat(r.errors()).extracting(RowError::row).containsExactly(3);
        assertThat(sink.samples()).extracting(Sample::epochMillis).containsOnly(day("2025-07-01"), day("2025-07-02"));
    }

    @Test
    void duplicateKeysAndNegativeQuantitiesAreRowErrors() throws Exception {
        Path production = write(tmp, "日报.csv", """
                日期,车间,产量(件),合格数(件),不良数(件),产值(万元)
                2025-07-01,W1,100,95,5,3
                2025-07-01,一车间,100,95,5,3
                2025-07-02,W1,-1,0,0,0
                """, StandardCharsets.UTF_8);
        List<RowError> errors = importFile(production).errors();
        assertThat(errors).extracting(RowError::row, RowError::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "duplicate 车间 and 日期: row 2 has the same"),
                org.assertj.core.groups.Tuple.tuple(4, "negative"));

        Path orders = write(tmp, "订单.csv", """
                订单号,约定交期,实际交付日期
                SO-1,2025-07-01,2025-07-01
                SO-1,2025-07-03,2025-07-02
                """, StandardCharsets.UTF_8);
        assertThat(importFile(orders).errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(3);
            assertThat(e.column()).isEqualTo("订单号 (column 1)");
            assertThat(e.reason()).contains("duplicate 订单号");
        });
    }

    @Test
    void unknownHeaderIsRejectedNamingTheExpectedTables() throws Exception {
        Path f = write(tmp, "x.csv", "a,b\n1,2\n", StandardCharsets.UTF_8);
        ImportResult r = importFile(f);
        assertThat(r.status()).isEqualTo(ImportResult.Status.REJECTED);
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.reason()).contains("生产日报").contains("订单号"));
    }

    @Test
    void sameBytesTwiceIsANoOpAndAChangedFileIsANewVersionKeptBesideTheOld() throws Exception {
        Path f = write(tmp, "人员.csv", "日期,车间,人数\n2025-07-01,W1,40\n", StandardCharsets.UTF_8);
        ImportResult first = importFile(f);
        ImportResult again = importFile(f);
        assertThat(first.status()).isEqualTo(ImportResult.Status.ACCEPTED);
        assertThat(again.status()).isEqualTo(ImportResult.Status.ALREADY_IMPORTED);
        assertThat(sink.batches).hasSize(1);

        Files.writeString(f, "日期,车间,人数\n2025-07-01,W1,42\n");
        ImportResult second = importFile(f);
        assertThat(second.status()).isEqualTo(ImportResult.Status.ACCEPTED);
        assertThat(second.sha256()).isNotEqualTo(first.sha256());
        assertThat(second.earlierVersions()).containsExactly(first.sha256());
        Path originals = tmp.resolve("originals");
        assertThat(Files.readString(originals.resolve(first.sha256()).resolve("人员.csv"))).contains(",40");
        assertThat(Files.readString(originals.resolve(second.sha256()).resolve("人员.csv"))).contains(",42");
        assertThat(sink.samples()).extracting(Sample::value).containsExactly(40.0, 42.0);
        try (var staged = Files.list(originals)) {
            assertThat(staged).as("no staging copies left behind").noneMatch(p -> p.getFileName().toString().startsWith("."));
        }
    }

    @Test
    void rowLimitRejectsTheFileEvenWhenGoodRowsAreAccepted() throws Exception {
        StringBuilder csv = new StringBuilder("日期,车间,人数\n");
        for (int d = 1; d <= 31; d++) {
            csv.append("2025-07-").append(String.format("%02d", d)).append(",W1,40\n");
        }
        Path f = write(tmp, "人员.csv", csv.toString(), StandardCharsets.UTF_8);
        ExportImporter limited = new ExportImporter(plant("  acceptGoodRows: true\n  maxRows: 30\n"), sink,
                tmp.resolve("originals"), s -> { });
        ImportResult r = limited.importFile(f);
        assertThat(r.status()).isEqualTo(ImportResult.Status.REJECTED);
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.reason()).contains("row 32").contains("maxRows = 30"));
        assertThat(sink.batches).isEmpty();
    }
}
