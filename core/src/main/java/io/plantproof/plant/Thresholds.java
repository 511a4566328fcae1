package io.plantproof.plant;

/**
 * Coverage thresholds of the networking and data-collection rates, as fractions (DESIGN.md defaults: 0.8 = 80 %).
 * Omitted values take the default; a value outside (0, 1] is a problem, never replaced.
 */
public record Thresholds(Double onlineCoverage, Double slotCoverage) {

    /** The DESIGN.md default of both coverages. */
    public static final double DEFAULT_COVERAGE = 0.8;

    public Thresholds {
        onlineCoverage = onlineCoverage == null ? DEFAULT_COVERAGE : onlineCoverage;
        slotCoverage = slotCoverage == null ? DEFAULT_COVERAGE : slotCoverage;
    }

    public static Thresholds defaults() {
        return new Thresholds(null, null);
    }

    void check(FieldPath at, PlantProblems out) {
        fraction(at.field("onlineCoverage"), onlineCoverage, out);
        fraction(at.field("slotCoverage"), slotCoverage, out);
    }

    private static void fraction(FieldPath at, double value, PlantProblems out) {
        if (!(value > 0 && value <= 1)) {
            out.add(at, "is " + value + "; it must be a fraction more than 0 and at most 1 (0.8 means 80 %)");
        }
    }
}
