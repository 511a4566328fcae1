package io.plantproof.forms;

import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;

import java.util.Collection;
import java.util.List;

/**
 * 表1 from the equipment register, when no 投资清单 was imported: the automated or numerically controlled
 * equipment of the workshops with a declared cost, one line each. The bundle builder lists these lines and the
 * verifier sums them again from the bundled register, so 累计完成投资 from 表1 is checked like any other figure.
 */
public final class RegisterInvestment {

    private RegisterInvestment() {
    }

    /** The register's equipment that makes 表1 lines, in register order. */
    public static List<Equipment> equipment(Plant plant, Collection<String> workshops) {
        return plant.equipment().stream()
                .filter(e -> workshops.contains(e.workshop()) && e.costWan() != null && (e.automated() || e.numericalControl()))
                .toList();
    }

    /** Σ cost (万元) of those lines, or {@code null} when the register gives none. */
    public static Double total(Plant plant, Collection<String> workshops) {
        List<Equipment> lines = equipment(plant, workshops);
        return lines.isEmpty() ? null : lines.stream().mapToDouble(Equipment::costWan).sum();
    }
}
