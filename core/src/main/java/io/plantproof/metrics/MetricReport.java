package io.plantproof.metrics;

import java.time.Instant;
import java.util.List;

/**
 * Every indicator for one scope (the plant or a set of workshops) and two periods, with the
 * per-device details of the current period. Serialised as-is into {@code --json} and bundles.
 */
public record MetricReport(String scope, Period baseline, Period current, Instant asOf, List<Indicator> indicators,
                           List<EquipmentDetail> equipment) {

    public Indicator indicator(IndicatorId id) {
        return indicators.stream().filter(i -> i.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no indicator " + id));
    }
}
