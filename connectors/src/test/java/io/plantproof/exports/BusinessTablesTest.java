package io.plantproof.exports;

import io.plantproof.sample.Sample;
import io.plantproof.sample.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static io.plantproof.exports.ExportFixtures.AUG_1;
import static io.plantproof.exports.ExportFixtures.day;
import static io.plantproof.exports.ExportFixtures.plant;
import static io.plantproof.exports.ExportFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

/** 成本, 订单, 采购, 表1 and 设备台账 exports, and the plant file's column mapping. */
class BusinessTablesTest {

    @TempDir
    Path tmp;

    private final ExportFixtures.RecordingSink sink = new ExportFixtures.RecordingSink();

    private ExportImporter importer(String exports) {
        return new ExportImporter(plant(exports), sink, tmp.resolve("originals"), s -> { }, AUG_1);
    }

    private List<Sample> samples(String signal) {
        return sink.samples().stream().filter(s -> s.signal().equals(signal)).toList();
    }

    @Test
    void ordersAreOnTimeLinesAtTheirDueDateEachWithItsOwnInstant() throws Exception {
        Path f = write(tmp, "订单.csv", """
                订单号,车间,约定交期,实际交付日期
                SO-1,W1,2025-07-10,2025-07-09
                SO-2,W1,2025-07-10,2025-07-12
                SO-3,W1,2025-07-10,
                SO-4,,2025-07-15,2025-07-15
                SO-5,W2,2025-08-20,
                """, StandardCharsets.UTF_8);
        ImportResult r = importer("").importFile(f);

        assertThat(r.status()).isEqualTo(ImportResult.Status.ACCEPTED);
        assertThat(r.openLines()).as("SO-5 is neither delivered nor due on 2025-08-01").isEqualTo(1);
        List<Sample> w1 = samples(Signals.REPORT_ORDER_ON_TIME).stream().filter(s -> s.device().equals("W1")).toList();
        // three lines due the same day must stay three samples in a store keyed by (device, signal, timestamp)
        assertThat(w1).extracting(Sample::epochMillis).doesNotHaveDuplicates()
                .allMatch(t -> t >= day("2025-07-10") && t < day("2025-07-11"));
        assertThat(w1).extracting(Sample::value).containsExactly(1.0, 0.0, 0.0);
        assertThat(samples(Signals.REPORT_ORDER_ON_TIME)).filteredOn(s -> s.device().equals(Signals.PLANT))
                .extracting(Sample::value).containsExactly(1.0);
    }

    @Test
    void purchasesAndMonthlyCost() throws Exception {
        ExportImporter importer = importer("");
        importer.importFile(write(tmp, "采购.csv", """
                采购单号,供应商,约定到货日期,实际到货日期
                PO-1,宁波轴承,2025/7/1,2025/6/30
                PO-2,宁波轴承,2025/7/1,2025/7/3
                """, StandardCharsets.UTF_8));
        assertThat(samples(Signals.REPORT_SUPPLIER_ON_TIME)).extracting(Sample::device, Sample::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Signals.PLANT, 1.0), org.assertj.core.groups.Tuple.tuple(Signals.PLANT, 0.0));

        ImportResult cost = importer.importFile(write(tmp, "成本.csv", """
                月份,车间,成本(万元)
                2025年7月,一车间,120.5
                2025-07,,30
                """, StandardCharsets.UTF_8));
        assertThat(cost.errors()).isEmpty();
        assertThat(sink.value("W1", Signals.REPORT_COST, day("2025-07-01"))).isEqualTo(120.5);
        assertThat(sink.value(Signals.PLANT, Signals.REPORT_COST, day("2025-07-01"))).isEqualTo(30);
    }

    private static final String TABLE_1 = """
            序号,名称,类别,研发单位或供应商,数量,单价(万元),总金额(万元),验收日期
            1,五轴加工中心,智能装备,"=HYPERLINK(""x"")",2,180,360,2025-03-01
            2,MES系统,工业软件,杭州某软件公司,1,95.5,95.5,2025年4月1日
            3,工业交换机,信息化硬件,华为,10,0.85,8.5,2025/4/1
            合计,,,,,,464,
            """;

    @Test
    void investmentLinesAreTypedAndStoredByCategory() throws Exception {
        Path f = write(tmp, "表1.csv", TABLE_1, StandardCharsets.UTF_8);
        ExportImporter importer = importer("");

        ExportImporter.InvestmentLines parsed = importer.investmentLines(f);
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.lines()).extracting(InvestmentLine::name, InvestmentLine::category, InvestmentLine::totalWan)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("五轴加工中心", InvestmentCategory.EQUIPMENT, 360.0),
                        org.assertj.core.groups.Tuple.tuple("MES系统", InvestmentCategory.SOFTWARE, 95.5),
                        org.assertj.core.groups.Tuple.tuple("工业交换机", InvestmentCategory.HARDWARE, 8.5));
        InvestmentLine first = parsed.lines().get(0);
        assertThat(first.row()).isEqualTo(2);
        assertThat(first.date()).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(SpreadsheetText.safe(first.supplier())).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(sink.batches).as("reading lines imports nothing").isEmpty();

        ImportResult r = importer.importFile(f);
        assertThat(r.status()).isEqualTo(ImportResult.Status.ACCEPTED);
        assertThat(r.samples()).as("the 合计 row is checked, not stored").isEqualTo(3);
        assertThat(samples(Signals.REPORT_INVESTMENT_PREFIX + "software")).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(95.5));
    }

    @Test
    void anInvestmentLineWithAWorkshopCountsForThatWorkshopAndOneWithoutForThePlant() throws Exception {
        Path f = write(tmp, "表1.csv", """
                序号,名称,类别,研发单位或供应商,数量,单价(万元),总金额(万元),验收日期,车间
                1,五轴加工中心,智能装备,某机床公司,2,180,360,2025-03-01,一车间
                2,MES系统,工业软件,杭州某软件公司,1,95.5,95.5,2025-04-01,
                3,AGV,智能装备,某物流公司,3,20,60,2025-04-01,W2
                """, StandardCharsets.UTF_8);
        ImportResult r = importer("").importFile(f);
        assertThat(r.status()).isEqualTo(ImportResult.Status.ACCEPTED);
        assertThat(samples(Signals.REPORT_INVESTMENT_PREFIX + "equipment")).extracting(Sample::device, Sample::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("W1", 360.0), org.assertj.core.groups.Tuple.tuple("W2", 60.0));
        assertThat(samples(Signals.REPORT_INVESTMENT_PREFIX + "software")).extracting(Sample::device).containsExactly(Signals.PLANT);
        assertThat(importer("").investmentLines(f).lines()).extracting(InvestmentLine::workshop)
                .containsExactly("W1", Signals.PLANT, "W2");

        Path unknown = write(tmp, "表1-bad.csv", """
                序号,名称,类别,研发单位或供应商,数量,单价(万元),总金额(万元),验收日期,车间
                1,五轴加工中心,智能装备,某机床公司,2,180,360,2025-03-01,九车间
                """, StandardCharsets.UTF_8);
        ImportResult bad = importer("").importFile(unknown);
        assertThat(bad.status()).isEqualTo(ImportResult.Status.REJECTED);
        assertThat(bad.errors()).singleElement().satisfies(e -> assertThat(e.reason()).contains("unknown workshop"));
    }

    @Test
    void investmentAmountsThatDoNotAddUpAreRowErrors() throws Exception {
        Path f = write(tmp, "表1.csv", TABLE_1.replace("10,0.85,8.5", "10,0.85,9.5").replace("464", "465"),
                StandardCharsets.UTF_8);
        ImportResult r = importer("").importFile(f);
        assertThat(r.status()).isEqualTo(ImportResult.Status.REJECTED);
        assertThat(r.errors()).extracting(RowError::row, RowError::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(4, "总金额(万元) (column 7)"),
                org.assertj.core.groups.Tuple.tuple(5, "总金额(万元) (column 7)"));
        assertThat(r.errors().get(0).reason()).contains("10.0 × 0.85 = 8.5").contains("9.5");
    }

    @Test
    void plantFileMappingByHeaderTextPositionAndHeaderRow() throws Exception {
        String exports = """
                  tables:
                    production:
                      headerRow: 2
                      columns: {date: 业务日期, workshop: "2", quantity: 生产数量, good: 良品, defect: 次品, value: 产出金额}
                    register:
                      values: {"Ⅰ": true, "Ⅱ": false}
                """;
        Path f = write(tmp, "mes.csv", """
                MES 导出 2025-07
                业务日期,工段,生产数量,良品,次品,产出金额
                2025-07-01,W1,10,9,1,0.3
                """, StandardCharsets.UTF_8);
        ImportResult r = importer(exports).importFile(f);
        assertThat(r.errors()).isEmpty();
        assertThat(sink.value("W1", Signals.REPORT_GOOD_QTY, day("2025-07-01"))).isEqualTo(9);

        Path register = write(tmp, "设备台账.csv", """
                设备编号,设备名称,车间,关键工序设备,数控化
                M1,数控车床,W1,Ⅰ,是
                M2,装配线,W2,Ⅰ,否
                M9,旧冲床,W2,否,否
                """, StandardCharsets.UTF_8);
        ImportResult reg = importer(exports).importFile(register);
        assertThat(reg.errors()).extracting(RowError::row, RowError::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "the plant file says no (keyProcess)"),
                org.assertj.core.groups.Tuple.tuple(4, "equipment is not in the plant file's register"));
    }

    @Test
    void mappingOfAnUnknownFieldIsAConfigurationError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> importer("""
                  tables:
                    orders:
                      columns: {dueDate: 交期}
                """)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exports.tables.orders.columns.dueDate").hasMessageContaining("due");
    }
}
