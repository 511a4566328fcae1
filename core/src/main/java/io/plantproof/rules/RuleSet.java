package io.plantproof.rules;

import io.plantproof.metrics.IndicatorId;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A rule set as data: the 基本条件 (conditions), the quantitative tiers of the 评价细则, and the
 * qualitative checklist the applicant answers. Another city or year is another file, not code.
 * {@code investmentWindowYears} is the project window of the investment condition (最近三年 / 最近两年;
 * 0 when a file predates it), {@code workshopRuleSet} the rule set a workshop must pass to count as
 * 达到数字化车间建设水平 (null when a file predates it).
 */
public record RuleSet(String id, int version, String title, String source, String applicationType,
                      List<Condition> conditions, List<Tier> tiers, List<ChecklistItem> checklist,
                      int investmentWindowYears, String workshopRuleSet) {

    /**
     * A threshold on one indicator ({@code measure} omitted: {@code current}; {@code op} omitted: {@code >=}), or,
     * without an indicator, a requirement the applicant declares.
     */
    public record Condition(String id, String title, IndicatorId indicator, Measure measure, Operator op, Double value) {
    }

    /** Graded levels of one measure; the highest level reached is the tier. */
    public record Tier(String id, String title, IndicatorId indicator, Measure measure, Operator op, List<Level> levels) {
    }

    /** One level of a tier: its label in the notice and its lower bound. */
    public record Level(String label, double min) {
    }

    /** A qualitative item; {@code suggestWhen} names a condition on data that backs a tick. */
    public record ChecklistItem(String id, String title, List<String> options, Condition suggestWhen) {
    }

    // an unknown indicator, measure or operator in a rule file is an error, never a rule that silently never applies
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(tools.jackson.databind.cfg.EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS).build();

    /** The built-in rule set with the given id, e.g. {@code shaoxing-2025/digital-workshop}. */
    public static RuleSet builtIn(String id) {
        try (InputStream in = RuleSet.class.getResourceAsStream(id + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no built-in rule set " + id
                        + " (known: shaoxing-2025/smart-factory, shaoxing-2025/digital-workshop)");
            }
            return JSON.readValue(in, RuleSet.class);
        } catch (IOException e) {
            throw new UncheckedIOException("rule set " + id + " is unreadable", e);
        }
    }

    public static RuleSet parse(byte[] json, String name) {
        try {
            return JSON.readValue(json, RuleSet.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("rule set " + name + ": " + e.getMessage(), e);
        }
    }

    /** The built-in rule set for an application type ({@code smart-factory} or {@code digital-workshop}). */
    public static RuleSet forType(String type) {
        if (!type.equals("smart-factory") && !type.equals("digital-workshop")) {
            throw new IllegalArgumentException("--type must be smart-factory or digital-workshop, not '" + type + "'");
        }
        return builtIn("shaoxing-2025/" + type);
    }
}
