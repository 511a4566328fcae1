package io.plantproof.metrics;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Standard-coal conversion coefficients (kgce per unit) as versioned data, GB/T 2589-2020 by default.
 * 当量值 (equivalent value) unless {@link Basis#EQUAL} is chosen; per-type overrides (a measured heating
 * value, or the year's published 等价值 of electricity) win over the table and are named in every result.
 */
public record EnergyCoefficients(String version, String source, List<Coefficient> types, Basis basis,
                                 Map<String, Double> overrides) {

    /** 当量值 counts the energy a unit contains; 等价值 the primary energy spent to supply it. */
    public enum Basis {
        EQUIVALENT("当量值"), EQUAL("等价值");

        private final String chinese;

        Basis(String chinese) {
            this.chinese = chinese;
        }

        public String chinese() {
            return chinese;
        }
    }

    /**
     * One energy type: its unit, the 当量值 and, where the table fixes one, the 等价值 in kgce per unit
     * ({@code null} for secondary energy whose 等价值 depends on the year's conversion efficiency).
     */
    public record Coefficient(String type, String name, String unit, double equivalentKgce, Double equalKgce) {
    }

    /**
     * Refuses a set that could not convert one of its types: an override of an unknown type or not a
     * positive number, or the 等价值 basis with a type that has neither a table 等价值 nor an override.
     */
    public EnergyCoefficients {
        types = List.copyOf(types);
        basis = basis == null ? Basis.EQUIVALENT : basis;
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Double> o : new TreeMap<>(overrides).entrySet()) {
            if (types.stream().noneMatch(c -> c.type().equals(o.getKey()))) {
                problems.add("override for unknown energy type '" + o.getKey() + "'");
            } else if (o.getValue() == null || !(o.getValue() > 0) || o.getValue().isInfinite()) {
                problems.add("override for " + o.getKey() + " must be a positive kgce per unit, not " + o.getValue());
            }
        }
        if (basis == Basis.EQUAL) {
            for (Coefficient c : types) {
                if (c.equalKgce() == null && !overrides.containsKey(c.type())) {
                    problems.add(c.type() + " has no 等价值 in " + version + " (it depends on the year's conversion "
                            + "efficiency); give it as an override in kgce per " + c.unit());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("energy coefficients: " + String.join("; ", problems));
        }
    }

    /** The built-in GB/T 2589-2020 table on the 当量值 basis, without overrides. */
    public static EnergyCoefficients gbt2589() {
        try (InputStream in = EnergyCoefficients.class.getResourceAsStream("gbt2589-2020.json")) {
            return JsonMapper.builder().build().readValue(in, EnergyCoefficients.class);
        } catch (IOException e) {
            throw new UncheckedIOException("built-in energy coefficients are missing", e);
        }
    }

    /** The same table on another basis with the given overrides (kgce per unit by energy type). */
    public EnergyCoefficients with(Basis newBasis, Map<String, Double> newOverrides) {
        return new EnergyCoefficients(version, source, types, newBasis, newOverrides);
    }

    /** The kgce per unit this set converts {@code c} with: the override, else the table value of the basis. */
    public double kgcePerUnit(Coefficient c) {
        Double override = overrides.get(c.type());
        if (override != null) {
            return override;
        }
        // primary energy has no conversion loss, so its 等价值 is its 当量值 (the table lists both)
        return basis == Basis.EQUAL ? c.equalKgce() : c.equivalentKgce();
    }

    /** What a result was converted with, e.g. {@code GB/T 2589-2020 当量值; override natural_gas 1.19 kgce/m3}. */
    public String describe() {
        StringBuilder out = new StringBuilder(version).append(' ').append(basis.chinese());
        for (Coefficient c : types) {
            Double o = overrides.get(c.type());
            if (o != null) {
                out.append("；替代系数 ").append(c.type()).append(' ')
                        .append(String.format(Locale.ROOT, "%s kgce/%s", o, c.unit()));
            }
        }
        return out.toString();
    }
}
