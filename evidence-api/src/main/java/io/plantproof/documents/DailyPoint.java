package io.plantproof.documents;

import java.time.LocalDate;

/**
 * One workshop's OEE (%) and energy intensity (tce/万元) on one day, for the report's time charts.
 * Either value is {@code null} on a day without the data for it; {@link DailySeries} computes them.
 */
public record DailyPoint(String workshop, LocalDate day, Double oee, Double energyIntensity) {
}
