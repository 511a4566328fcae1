package io.plantproof.documents;

import java.time.LocalDate;

/**
 * The scope's OEE (%) and energy intensity (tce/万元) on day {@code dayNumber} (from 0) of the baseline or
 * current period, for the 申报书's before/after charts; either is {@code null} on a day without its data.
 */
public record TrendPoint(boolean baseline, int dayNumber, LocalDate day, Double oee, Double energyIntensity) {
}
