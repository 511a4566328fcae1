package io.plantproof.cli;

import io.plantproof.rules.ApplicationType;
import io.plantproof.metrics.Period;
import io.plantproof.plant.Plant;
import io.plantproof.plant.Workshop;
import io.plantproof.rules.RuleSet;

import picocli.CommandLine.Option;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an application compares: its type (rule set), a baseline and a current period, and optionally some workshops.
 */
final class PeriodOptions {

    @Option(names = "--type", paramLabel = "T", required = true, description = "smart-factory or digital-workshop")
    ApplicationType type;

    @Option(names = "--baseline", paramLabel = "A..B", required = true, description = "baseline period, ISO days inclusive")
    Period baseline;

    @Option(names = "--current", paramLabel = "C..D", required = true, description = "current period, ISO days inclusive")
    Period current;

    @Option(names = "--workshop", paramLabel = "W", split = ",", description = "only these workshops (ids, comma-separated); default all")
    List<String> workshops;

    RuleSet rules() {
        return RuleSet.forType(type.id());
    }

    Set<String> workshops(Plant plant) {
        return workshops(plant, workshops);
    }

    /** The chosen workshops of the plant, all of them when none is chosen; an unknown id is a usage error. */
    static Set<String> workshops(Plant plant, List<String> chosen) {
        Set<String> all = new LinkedHashSet<>(plant.workshops().stream().map(Workshop::id).toList());
        if (chosen == null || chosen.isEmpty()) {
            return all;
        }
        if (!all.containsAll(chosen)) {
            throw new UsageException("--workshop " + String.join(",", chosen) + ": known workshops are " + all);
        }
        return new LinkedHashSet<>(chosen);
    }
}
