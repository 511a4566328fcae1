package io.plantproof.forms;

import io.plantproof.metrics.MetricReport;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;
import io.plantproof.profile.ApplicationProfile;
import io.plantproof.rules.ApplicationType;
import io.plantproof.rules.RuleResult;

import java.util.List;

/**
 * What the figures of one application's documents are computed from. The bundle verifier builds it from
 * its own recomputation, the bundled register and the bundled profile.
 *
 * @param profile     the application profile, or {@code null} when none was given
 * @param table1Total Σ 表1 lines, or {@code null} without lines; the builder's lines are the register's whenever the
 *                    investment indicator has no value ({@link RegisterInvestment}), so the verifier can sum them too
 */
public record FormInput(ApplicationType type, Plant plant, List<String> workshops, MetricReport report,
                        List<RuleResult> rules, ApplicationProfile profile, Double table1Total) {

    public FormInput {
        workshops = List.copyOf(workshops);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** The register's equipment of the workshops in scope, commissioned by the end of the current period. */
    public List<Equipment> equipment() {
        return plant.equipment().stream().filter(e -> workshops.contains(e.workshop()))
                .filter(e -> e.commissioned() == null || !e.commissioned().isAfter(report.current().to())).toList();
    }
}
