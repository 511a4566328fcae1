package io.plantproof.web;

import io.plantproof.metrics.EnergyCoefficients;
import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.MetricReport;
import io.plantproof.rules.RuleEngine;
import io.plantproof.rules.RuleSet;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /api/indicators?type=digital-workshop|smart-factory}: every indicator from the store with
 * the rule results, in the same schema as {@code plantproof metrics --json} (docs/metrics-json.md).
 */
@RestController
class IndicatorsController {

    private final WebContext context;

    IndicatorsController(WebContext context) {
        this.context = context;
    }

    @GetMapping("/api/indicators")
    ResponseEntity<Map<String, Object>> indicators(@RequestParam(defaultValue = "digital-workshop") String type) {
        RuleSet rules;
        try {
            rules = RuleSet.forType(type);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
        MetricReport report = MetricEngine.forRules(context.plant(), EnergyCoefficients.gbt2589(), rules)
                .compute(context.data().store(), context.baseline(), context.current(), Instant.now());
        return ResponseEntity.ok(Map.of("ruleSet", rules.id(), "ruleSetVersion", rules.version(), "report", report,
                "rules", RuleEngine.apply(rules, report)));
    }
}
