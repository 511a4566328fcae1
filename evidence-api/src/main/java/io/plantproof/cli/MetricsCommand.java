package io.plantproof.cli;

import io.plantproof.collector.DataDir;
import io.plantproof.evidence.BundleJson;
import io.plantproof.metrics.EnergyCoefficients;
import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.ReportText;
import io.plantproof.rules.RuleEngine;
import io.plantproof.rules.RuleResult;
import io.plantproof.rules.RuleSet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code plantproof metrics}: the indicators of a baseline and a current period and the rule results on them.
 */
@Command(name = "metrics", description = "indicators and rule results")
final class MetricsCommand extends PlantCommand {

    @Mixin
    PlantFileOption config;

    @Mixin
    PeriodOptions periods;

    @Option(names = "--json", description = "print JSON (docs/metrics-json.md) instead of a table")
    boolean json;

    @Override
    public Integer call() {
        PlantConfig config = this.config.load();
        RuleSet rules = periods.rules();
        try (DataDir data = DataDir.open(config.dataDir(), config.plant())) {
            data.writer().drain();
            MetricReport report = MetricEngine.forRules(config.plant(), EnergyCoefficients.gbt2589(), rules)
                    .compute(data.store(), periods.baseline, periods.current, Instant.now(), periods.workshops(config.plant()));
            List<RuleResult> results = RuleEngine.apply(rules, report);
            if (json) {
                out().println(BundleJson.MAPPER.writeValueAsString(Map.of("ruleSet", rules.id(), "ruleSetVersion", rules.version(),
                        "report", report, "rules", results)));
            } else {
                out().print(ReportText.render(rules.title() + " — " + config.plant().enterprise().name(), report, results));
            }
        }
        return 0;
    }
}
