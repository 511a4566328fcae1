package io.plantproof.plant;

/**
 * Coverage thresholds of the networking and data-collection rates (DESIGN.md defaults: 80 %).
 */
public record Thresholds(double onlineCoverage, double slotCoverage) {

    public Thresholds {
        onlineCoverage = onlineCoverage <= 0 ? 0.8 : onlineCoverage;
        slotCoverage = slotCoverage <= 0 ? 0.8 : slotCoverage;
    }

    public static Thresholds defaults() {
        return new Thresholds(0, 0);
    }
}
