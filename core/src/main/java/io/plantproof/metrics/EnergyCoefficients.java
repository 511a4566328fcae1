package io.plantproof.metrics;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Standard-coal conversion coefficients (kgce per unit) as versioned data, GB/T 2589-2020 by default.
 * The 当量值 (equivalent value) is used; 等价值 is listed where the standard gives one.
 */
public record EnergyCoefficients(String version, String source, List<Coefficient> types) {

    /** One energy type: its unit and kgce per unit. */
    public record Coefficient(String type, String name, String unit, double equivalentKgce, Double equalKgce) {
    }

    public static EnergyCoefficients gbt2589() {
        try (InputStream in = EnergyCoefficients.class.getResourceAsStream("gbt2589-2020.json")) {
            return JsonMapper.builder().build().readValue(in, EnergyCoefficients.class);
        } catch (IOException e) {
            throw new UncheckedIOException("built-in energy coefficients are missing", e);
        }
    }
}
