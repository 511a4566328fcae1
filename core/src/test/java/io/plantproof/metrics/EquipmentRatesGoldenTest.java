package io.plantproof.metrics;

import io.plantproof.plant.SignalKind;
import io.plantproof.plant.Plant;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Signals;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static io.plantproof.metrics.Plants.at;
import static io.plantproof.metrics.Plants.device;
import static io.plantproof.metrics.Plants.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * 数控化率, 设备联网率 and 数据采集率 computed by hand on a six-device workshop with a silent
 * automated device, a device that never sends one of its required signals, a key device without
 * any signal mapping, and a device commissioned after the period.
 */
class EquipmentRatesGoldenTest {

    private static final LocalDate DAY = LocalDate.of(2025, 3, 3);
    private static final Period PERIOD = new Period(DAY, DAY);
    private static final long T0 = at("2025-03-03T08:00");

    /*
     * Shifts 08:00-12:00 and 13:00-17:00: 8 planned hours.
     *   K1 key, NC, automated: state + count.total (both required, 60 s) every minute 08:00-17:00
     *   K2 key, NC, automated: state + count.total required, sends only state
     *   K3 key, NC, automated: state required, silent
     *   K4 key, not NC, not automated: no signal mapping at all
     *   D5 not key, automated: state (not required) only 08:00-10:00
     *   N6 key, NC, automated, commissioned 2025-06-01: after the period, so not counted
     * Register (K1..K5 present): equipment 5, automated 4 (K1 K2 K3 D5) → automation 4/5 = 80 %;
     *   key 4 (K1..K4), key with NC 3 → cnc_rate 3/4 = 75 %.
     * Online (samples in ≥ 80 % of planned hours): K1 8/8 h, K2 8/8 h, K3 0 h, D5 2/8 h = 25 % → 2 of 4
     *   automated → networking_rate 50 %, networked_count 2.
     * Collected (every required signal in ≥ 80 % of its 60 s slots): K1 yes (480/480 slots); K2 no
     *   (count.total 0 %); K3 no (silent); K4 no (nothing mapped) → 1 of 4 key → data_collection_rate 25 %.
     */
    @Test
    void ratesCountSilentDevicesMissingSignalsAndUnmappedEquipmentAsNotMet() {
        Plant plant = Plants.plant(Plants.shifts("08:00-12:00", "13:00-17:00"), List.of("W1"), List.of(
                device("K1", "W1", true, true, true, 30, null, signal(SignalKind.STATE, 60, true), signal(SignalKind.COUNT_TOTAL, 60, true)),
                device("K2", "W1", true, true, true, 30, null, signal(SignalKind.STATE, 60, true), signal(SignalKind.COUNT_TOTAL, 60, true)),
                device("K3", "W1", true, true, true, 30, null, signal(SignalKind.STATE, 60, true)),
                device("K4", "W1", true, false, false, 0, null),
                device("D5", "W1", false, false, true, 0, null, signal(SignalKind.STATE, 60, false)),
                device("N6", "W1", true, true, true, 30, LocalDate.of(2025, 6, 1), signal(SignalKind.STATE, 60, true))));
        MemorySource src = new MemorySource();
        for (int m = 0; m < 540; m++) {
            long t = T0 + m * 60_000L;
            src.measured("K1", Signals.STATE, t, MachineState.RUNNING.code()).measured("K1", Signals.COUNT_TOTAL, t, m);
            src.measured("K2", Signals.STATE, t, MachineState.RUNNING.code());
            if (m < 120) {
                src.measured("D5", Signals.STATE, t, MachineState.RUNNING.code());
            }
        }

        MetricReport r = new MetricEngine(plant).compute(src, PERIOD, PERIOD, Instant.parse("2025-04-01T00:00:00Z"));

        assertThat(r.indicator(IndicatorId.EQUIPMENT_TOTAL).current().value()).isEqualTo(5.0);
        assertThat(r.indicator(IndicatorId.AUTOMATION_RATIO).current().value()).isCloseTo(80.0, within(1e-9));
        assertThat(r.indicator(IndicatorId.CNC_RATE).current().value()).isCloseTo(75.0, within(1e-9));
        assertThat(r.indicator(IndicatorId.CNC_RATE).current().provenance()).isEqualTo(Provenance.DECLARED);
        assertThat(r.indicator(IndicatorId.NETWORKED_COUNT).current().value()).isEqualTo(2.0);
        assertThat(r.indicator(IndicatorId.NETWORKING_RATE).current().value()).isCloseTo(50.0, within(1e-9));
        assertThat(r.indicator(IndicatorId.NETWORKING_RATE).current().inputs()).containsEntry("automated", 4.0);
        assertThat(r.indicator(IndicatorId.DATA_COLLECTION_RATE).current().value()).isCloseTo(25.0, within(1e-9));
        assertThat(r.indicator(IndicatorId.DATA_COLLECTION_RATE).current().inputs()).containsEntry("keyCollected", 1.0)
                .containsEntry("keyProcess", 4.0);
        assertThat(r.indicator(IndicatorId.DATA_COLLECTION_RATE).current().provenance()).isEqualTo(Provenance.MEASURED);

        EquipmentDetail k2 = detail(r, "K2");
        assertThat(k2.signalCoverage()).containsEntry(Signals.STATE, 1.0).containsEntry(Signals.COUNT_TOTAL, 0.0);
        assertThat(k2.collected()).isFalse();
        EquipmentDetail k3 = detail(r, "K3");
        // NC by the register, but telemetry does not confirm it is live
        assertThat(k3.numericalControl()).isTrue();
        assertThat(k3.live()).isFalse();
        assertThat(detail(r, "D5").onlineCoverage()).isCloseTo(0.25, within(1e-12));
        assertThat(r.equipment()).extracting(EquipmentDetail::id).doesNotContain("N6", "K4");
    }

    private static EquipmentDetail detail(MetricReport r, String id) {
        return r.equipment().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }
}
