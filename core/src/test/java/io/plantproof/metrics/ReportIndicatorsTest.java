package io.plantproof.metrics;

import io.plantproof.plant.SignalKind;
import io.plantproof.plant.Plant;
import io.plantproof.rules.RuleSet;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Signals;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.plantproof.metrics.Plants.at;
import static io.plantproof.metrics.Plants.device;
import static io.plantproof.metrics.Plants.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Indicators from the imported daily exports, computed by hand: energy in tce (当量值, overrides,
 * 等价值), energy intensity, operating cost, on-time rates, investment in the project window, and
 * the share of workshops at digital-workshop level; plant-level records only in whole-plant scope.
 */
class ReportIndicatorsTest {

    private static final Instant AS_OF = Instant.parse("2026-03-01T00:00:00Z");
    private static final Period CURRENT = Period.parse("2025-12-01..2025-12-31");
    private static final Period BASELINE = Period.parse("2024-12-01..2024-12-31");

    /*
     * W1 reports electricity 10 000 + 12 000 = 22 000 kWh, natural gas 500 + 300 = 800 m3 and output value
     * 25 + 15 = 40 万元 over 2025-03-03..04. GB/T 2589-2020 当量值: electricity 0.1229 kgce/kWh, natural
     * gas 1.215 kgce/m3 (midpoint of 1.100~1.330).
     * tce = 22 000 × 0.1229 / 1000 + 800 × 1.215 / 1000 = 2.7038 + 0.972 = 3.6758
     * intensity = 3.6758 / 40 = 0.091895 tce/万元
     * gas measured at 1.10 kgce/m3: 2.7038 + 800 × 1.10 / 1000 = 2.7038 + 0.88 = 3.5838
     * 等价值 with electricity given as 0.300 kgce/kWh (the year's published figure, a config value):
     * 22 000 × 0.300 / 1000 + 0.972 = 6.6 + 0.972 = 7.572 (gas: 等价值 = 当量值 for primary energy)
     */
    @Test
    void energyInTceFromElectricityAndGasAndIntensityPerOutputValue() {
        Plant plant = Plants.plant(null, List.of("W1"), List.of());
        MemorySource src = new MemorySource();
        long d1 = at("2025-03-03T00:00");
        long d2 = at("2025-03-04T00:00");
        src.imported("W1", "report.energy.electricity", d1, 10_000).imported("W1", "report.energy.electricity", d2, 12_000)
                .imported("W1", "report.energy.natural_gas", d1, 500).imported("W1", "report.energy.natural_gas", d2, 300)
                .imported("W1", Signals.REPORT_OUTPUT_VALUE, d1, 25).imported("W1", Signals.REPORT_OUTPUT_VALUE, d2, 15);
        Period p = Period.parse("2025-03-03..2025-03-04");
        EnergyCoefficients table = EnergyCoefficients.gbt2589();

        MetricReport r = new MetricEngine(plant, table).compute(src, p, p, AS_OF);
        PeriodValue tce = r.indicator(IndicatorId.ENERGY_TCE).current();
        assertThat(tce.value()).isCloseTo(3.6758, within(1e-12));
        assertThat(tce.inputs()).containsEntry("electricity.kWh", 22_000.0).containsEntry("natural_gas.m3", 800.0)
                .containsEntry("electricity.kgcePerkWh", 0.1229).containsEntry("natural_gas.kgcePerm3", 1.215);
        assertThat(tce.note()).isEqualTo("GB/T 2589-2020 当量值");
        assertThat(tce.provenance()).isEqualTo(Provenance.IMPORTED);
        assertThat(r.indicator(IndicatorId.ENERGY_INTENSITY).current().value()).isCloseTo(0.091895, within(1e-12));

        EnergyCoefficients measuredGas = table.with(EnergyCoefficients.Basis.EQUIVALENT, Map.of("natural_gas", 1.10));
        PeriodValue gas = new MetricEngine(plant, measuredGas).compute(src, p, p, AS_OF).indicator(IndicatorId.ENERGY_TCE).current();
        assertThat(gas.value()).isCloseTo(3.5838, within(1e-12));
        assertThat(gas.note()).isEqualTo("GB/T 2589-2020 当量值；替代系数 natural_gas 1.1 kgce/m3");

        EnergyCoefficients equal = table.with(EnergyCoefficients.Basis.EQUAL, Map.of("electricity", 0.300, "steam", 0.0950));
        PeriodValue eq = new MetricEngine(plant, equal).compute(src, p, p, AS_OF).indicator(IndicatorId.ENERGY_TCE).current();
        assertThat(eq.value()).isCloseTo(7.572, within(1e-12));
        assertThat(eq.note()).startsWith("GB/T 2589-2020 等价值");
    }

    @Test
    void equalValueBasisRefusesSecondaryEnergyWithoutAGivenCoefficient() {
        EnergyCoefficients table = EnergyCoefficients.gbt2589();
        assertThatThrownBy(() -> table.with(EnergyCoefficients.Basis.EQUAL, Map.of("electricity", 0.3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steam has no 等价值")
                .hasMessageNotContaining("electricity has no");
        assertThatThrownBy(() -> table.with(EnergyCoefficients.Basis.EQUIVALENT, Map.of("coke", 0.97)))
                .hasMessageContaining("unknown energy type 'coke'");
        assertThatThrownBy(() -> table.with(EnergyCoefficients.Basis.EQUIVALENT, Map.of("natural_gas", 0.0)))
                .hasMessageContaining("positive");
    }

    /**
     * Three workshops. W1 and W3 each have one key NC automated machine reporting state hourly in the
     * current period (so data_collection_rate 100 %); W2's key machine has no NC (cnc_rate 0 %).
     */
    private static Plant threeWorkshops() {
        return Plants.plant(null, List.of("W1", "W2", "W3"), List.of(
                device("K1", "W1", true, true, true, 0, null, signal(SignalKind.STATE, 3600, true)),
                device("K2", "W2", true, false, true, 0, null, signal(SignalKind.STATE, 3600, true)),
                device("K3", "W3", true, true, true, 0, null, signal(SignalKind.STATE, 3600, true))));
    }

    private static MemorySource exports() {
        MemorySource src = new MemorySource();
        for (long t = CURRENT.startMillis(Plants.ZONE); t < CURRENT.endMillis(Plants.ZONE, null); t += 3_600_000L) {
            for (String k : List.of("K1", "K2", "K3")) {
                src.measured(k, Signals.STATE, t, MachineState.RUNNING.code());
            }
        }
        long dec1 = at("2025-12-01T00:00");
        long dec2 = at("2025-12-02T00:00");
        long dec3 = at("2025-12-03T00:00");
        long dec15 = at("2025-12-15T00:00");
        src.imported("W1", Signals.REPORT_OUTPUT_VALUE, dec1, 100).imported("W2", Signals.REPORT_OUTPUT_VALUE, dec1, 100)
                .imported("W1", Signals.REPORT_COST, dec1, 25).imported("W2", Signals.REPORT_COST, dec1, 10)
                .imported(Signals.PLANT, Signals.REPORT_COST, dec15, 20);
        src.imported("W1", Signals.REPORT_ORDER_ON_TIME, dec1, 1).imported("W1", Signals.REPORT_ORDER_ON_TIME, dec2, 1)
                .imported("W1", Signals.REPORT_ORDER_ON_TIME, dec3, 0)
                .imported(Signals.PLANT, Signals.REPORT_ORDER_ON_TIME, dec1, 1).imported(Signals.PLANT, Signals.REPORT_ORDER_ON_TIME, dec2, 0);
        src.imported(Signals.PLANT, Signals.REPORT_SUPPLIER_ON_TIME, dec1, 1).imported(Signals.PLANT, Signals.REPORT_SUPPLIER_ON_TIME, dec2, 1)
                .imported(Signals.PLANT, Signals.REPORT_SUPPLIER_ON_TIME, dec3, 1).imported(Signals.PLANT, Signals.REPORT_SUPPLIER_ON_TIME, dec15, 0);
        src.imported(Signals.PLANT, "report.investment.equipment", at("2022-12-31T00:00"), 999)
                .imported(Signals.PLANT, "report.investment.equipment", at("2023-01-01T00:00"), 600)
                .imported("W1", "report.investment.software", at("2024-06-30T00:00"), 300)
                .imported("W2", "report.investment.hardware", at("2025-12-31T00:00"), 150)
                .imported("W1", "report.investment.equipment", at("2026-01-01T00:00"), 50);
        return src;
    }

    /*
     * Whole plant (W1..W3 and _plant records):
     *   operating_cost_ratio = (25 + 10 + 20) / (100 + 100) × 100 = 27.5 %
     *   order_on_time_rate = (1 + 1 + 0 + 1 + 0) / 5 lines × 100 = 60 %
     *   supplier_on_time_rate = (1 + 1 + 1 + 0) / 4 × 100 = 75 %
     * W1 alone (no _plant records): cost 25 / 100 = 25 %; orders 2 / 3 = 66.67 %; suppliers: no data.
     */
    @Test
    void costAndOnTimeRatesCountPlantRecordsOnlyForTheWholePlant() {
        MetricEngine engine = new MetricEngine(threeWorkshops());
        MetricReport plant = engine.compute(exports(), BASELINE, CURRENT, AS_OF);
        assertThat(plant.indicator(IndicatorId.OPERATING_COST_RATIO).current().value()).isCloseTo(27.5, within(1e-12));
        assertThat(plant.indicator(IndicatorId.OPERATING_COST_RATIO).current().inputs()).containsEntry("cost", 55.0)
                .containsEntry("outputValue", 200.0);
        assertThat(plant.indicator(IndicatorId.ORDER_ON_TIME_RATE).current().value()).isCloseTo(60.0, within(1e-12));
        assertThat(plant.indicator(IndicatorId.ORDER_ON_TIME_RATE).current().inputs()).containsEntry("lines", 5.0);
        assertThat(plant.indicator(IndicatorId.SUPPLIER_ON_TIME_RATE).current().value()).isCloseTo(75.0, within(1e-12));

        MetricReport w1 = engine.compute(exports(), BASELINE, CURRENT, AS_OF, Set.of("W1"));
        assertThat(w1.indicator(IndicatorId.OPERATING_COST_RATIO).current().value()).isCloseTo(25.0, within(1e-12));
        assertThat(w1.indicator(IndicatorId.ORDER_ON_TIME_RATE).current().value()).isCloseTo(200.0 / 3, within(1e-12));
        assertThat(w1.indicator(IndicatorId.SUPPLIER_ON_TIME_RATE).status()).isEqualTo(Indicator.Status.NO_DATA);
    }

    /** One period's figures are the report's current figures, without what looks beyond the period. */
    @Test
    void periodFiguresAreTheReportsFiguresWithoutInvestmentAndShare() {
        MetricEngine engine = new MetricEngine(threeWorkshops());
        MetricReport report = engine.compute(exports(), BASELINE, CURRENT, AS_OF, Set.of("W1"));
        Map<IndicatorId, PeriodValue> figures = engine.periodFigures(exports(), CURRENT, AS_OF, Set.of("W1"));
        assertThat(figures).doesNotContainKeys(IndicatorId.INVESTMENT_TOTAL, IndicatorId.DIGITAL_WORKSHOP_SHARE).isNotEmpty();
        for (Indicator i : report.indicators()) {
            if (!i.id().equals(IndicatorId.INVESTMENT_TOTAL) && !i.id().equals(IndicatorId.DIGITAL_WORKSHOP_SHARE)) {
                PeriodValue expected = i.current().value() == null && i.current().provenance() == null ? null : i.current();
                assertThat(figures.get(i.id())).as(i.id().id()).isEqualTo(expected);
            }
        }
    }

    /*
     * 3-year window ending 2025-12-31 is 2023-01-01..2025-12-31: 600 (first day, in) + 300 + 150 (last day, in);
     *   999 on 2022-12-31 and 50 on 2026-01-01 are outside. Total 1 050 = equipment 600 + software 300 + hardware 150.
     * Baseline window ending 2024-12-31 is 2022-01-01..2024-12-31: 999 + 600 + 300 = 1 899.
     * 2-year window (digital-workshop rules) 2024-01-01..2025-12-31: 300 + 150 = 450.
     */
    @Test
    void investmentSumsTable1LinesInTheRuleSetsProjectWindow() {
        MetricReport three = new MetricEngine(threeWorkshops()).compute(exports(), BASELINE, CURRENT, AS_OF);
        PeriodValue total = three.indicator(IndicatorId.INVESTMENT_TOTAL).current();
        assertThat(total.value()).isEqualTo(1050.0);
        assertThat(total.inputs()).containsEntry("equipment", 600.0).containsEntry("software", 300.0)
                .containsEntry("hardware", 150.0).containsEntry("windowYears", 3.0);
        assertThat(total.note()).contains("2023-01-01..2025-12-31");
        assertThat(three.indicator(IndicatorId.INVESTMENT_TOTAL).baseline().value()).isEqualTo(1899.0);

        MetricEngine twoYears = MetricEngine.forRules(threeWorkshops(), EnergyCoefficients.gbt2589(),
                RuleSet.builtIn("shaoxing-2025/digital-workshop"));
        assertThat(twoYears.compute(exports(), BASELINE, CURRENT, AS_OF).indicator(IndicatorId.INVESTMENT_TOTAL).current().value())
                .isEqualTo(450.0);
    }

    /*
     * Each workshop alone against the digital-workshop data conditions (investment ≥ 200 in 2 years,
     * cnc_rate ≥ 80, data_collection_rate ≥ 60), current period:
     *   W1: investment 300 (software 2024-06-30), cnc 1/1 = 100 %, collection 100 % → passes
     *   W2: investment 150, cnc 0/1 = 0 % → fails
     *   W3: no 表1 lines → investment unknown; cnc 100 %, collection 100 % → undetermined
     * share = 1 passing / 3 workshops = 33.33 %. Baseline (no telemetry in 2024-12, so collection is
     * unknown): W1 undetermined, W2 fails (cnc 0 %), W3 undetermined → 0 / 3 = 0 %.
     */
    @Test
    void digitalWorkshopShareJudgesEachWorkshopAndDoesNotCountUndeterminedAsPassing() {
        MetricReport r = new MetricEngine(threeWorkshops()).compute(exports(), BASELINE, CURRENT, AS_OF);
        PeriodValue share = r.indicator(IndicatorId.DIGITAL_WORKSHOP_SHARE).current();
        assertThat(share.value()).isCloseTo(100.0 / 3, within(1e-12));
        assertThat(share.inputs()).containsEntry("workshops", 3.0).containsEntry("passing", 1.0)
                .containsEntry("failing", 1.0).containsEntry("undetermined", 1.0);
        assertThat(share.note()).contains("W1 达到").contains("W2 未达到（basic-3 investment_total 150.00 未达 200.00，"
                + "basic-4 cnc_rate 0.00 未达 80.00）").contains("W3 无法判定（basic-3 investment_total");
        PeriodValue before = r.indicator(IndicatorId.DIGITAL_WORKSHOP_SHARE).baseline();
        assertThat(before.value()).isEqualTo(0.0);
        assertThat(before.inputs()).containsEntry("undetermined", 2.0).containsEntry("failing", 1.0);
        assertThat(r.indicators()).extracting(Indicator::status).doesNotContain(Indicator.Status.NOT_COMPUTED);
    }
}
