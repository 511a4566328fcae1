package io.plantproof.documents;

import io.plantproof.metrics.IndicatorId;
import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.Period;
import io.plantproof.metrics.PeriodValue;
import io.plantproof.store.SampleSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-day OEE and energy intensity by workshop, computed with the same {@link MetricEngine} as the
 * report (one single-day period per workshop and day), so the charts and the 申报书 figures agree.
 */
public final class DailySeries {

    private DailySeries() {
    }

    /** One point per workshop and day of {@code period}, days after {@code asOf} left out. */
    public static List<DailyPoint> of(MetricEngine engine, SampleSource source, Collection<String> workshops,
                                      Period period, Instant asOf) {
        List<DailyPoint> out = new ArrayList<>();
        for (String workshop : workshops) {
            for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
                Map<IndicatorId, PeriodValue> figures = engine.periodFigures(source, new Period(day, day), asOf, Set.of(workshop));
                Double oee = value(figures.get(IndicatorId.OEE));
                Double intensity = value(figures.get(IndicatorId.ENERGY_INTENSITY));
                if (oee != null || intensity != null) {
                    out.add(new DailyPoint(workshop, day, oee, intensity));
                }
            }
        }
        return out;
    }

    /**
     * The scope's OEE and energy intensity on each day of both periods (days after {@code asOf} have neither), for
     * the before/after charts: every workshop in scope computed together, so the days add up to the report's figures.
     */
    public static List<TrendPoint> trend(MetricEngine engine, SampleSource source, Collection<String> workshops,
                                         Period baseline, Period current, Instant asOf) {
        List<TrendPoint> out = new ArrayList<>();
        Set<String> scope = new java.util.LinkedHashSet<>(workshops);
        for (Period period : List.of(baseline, current)) {
            int n = 0;
            for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1), n++) {
                Map<IndicatorId, PeriodValue> figures = engine.periodFigures(source, new Period(day, day), asOf, scope);
                out.add(new TrendPoint(period == baseline, n, day, value(figures.get(IndicatorId.OEE)), value(figures.get(IndicatorId.ENERGY_INTENSITY))));
            }
        }
        return out;
    }

    private static Double value(PeriodValue v) {
        return v == null ? null : v.value();
    }
}
