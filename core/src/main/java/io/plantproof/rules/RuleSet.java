package io.plantproof.rules;

import io.plantproof.metrics.IndicatorId;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * A rule set as data: the 基本条件 (conditions), the quantitative tiers of the 评价细则, and every 评价细则
 * item with its boxes as the notice words them. Another city or year is another file, not code.
 * {@code investmentWindowYears} is the project window of the investment condition (最近三年 / 最近两年;
 * 0 when a file predates it), {@code workshopRuleSet} the rule set a workshop must pass to count as
 * 达到数字化车间建设水平 (null when a file predates it), {@code groups} the 评价项目 with the 申报书 part 三
 * section each is written up in (empty in files before version 3).
 */
public record RuleSet(String id, int version, String title, String source, String applicationType,
                      List<Condition> conditions, List<Tier> tiers, List<ChecklistItem> checklist,
                      int investmentWindowYears, String workshopRuleSet, List<Group> groups) {

    /** The first version that words boundaries and links 评价细则 items to tiers. */
    public static final int WORDED_VERSION = 3;

    public RuleSet {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        tiers = tiers == null ? List.of() : List.copyOf(tiers);
        checklist = checklist == null ? List.of() : List.copyOf(checklist);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /**
     * A threshold on one indicator ({@code measure} omitted: {@code current}; {@code op} omitted: {@code >=}), or, without an indicator, a requirement the applicant declares.
     */
    public record Condition(String id, String title, IndicatorId indicator, Measure measure, Operator op, Double value) {
    }

    /**
     * Boxes of one measure in the notice's order; the last box whose own comparison holds is the tier.
     * {@code op} is the comparison of levels that do not name their own.
     */
    public record Tier(String id, String title, IndicatorId indicator, Measure measure, Operator op, List<Level> levels) {
    }

    /**
     * One box of a tier: its label in the notice, its comparison ({@code null}: the tier's) and its limit.
     * Files before version 3 give the limit as {@code min}.
     */
    public record Level(String label, Operator op, Double value, Double min) {

        public Level {
            if (value == null && min == null) {
                throw new IllegalArgumentException("tier level '" + label + "' has no value");
            }
        }

        public double bound() {
            return value != null ? value : min;
        }

        public Operator op(Tier tier) {
            return op != null ? op : tier.op() != null ? tier.op() : Operator.AT_LEAST;
        }
    }

    /**
     * One 评价细则 item: its boxes ({@code options}) as written, the 评价项目 {@code group} it belongs to, the
     * 佐证材料 the notice asks for, the {@code tier} that judges it from data (quantitative items), and the
     * boxes data can back ({@code suggest}). {@code suggestWhen} is the single suggestion of files before version 3.
     */
    public record ChecklistItem(String id, String title, List<String> options, Condition suggestWhen, String group,
                                String evidence, String tier, List<Suggestion> suggest) {

        public ChecklistItem {
            options = options == null ? List.of() : List.copyOf(options);
            suggest = suggest == null ? List.of() : List.copyOf(suggest);
        }
    }

    /** Box {@code box} (1-based) is backed by data when {@code when} passes. */
    public record Suggestion(int box, Condition when) {
    }

    /** A 评价项目 (e.g. 2 装备数字化) and the 申报书 part 三 section that writes it up. */
    public record Group(String id, String title, String section) {
    }

    /** The item with this id, or {@code null}. */
    public ChecklistItem item(String itemId) {
        return checklist.stream().filter(i -> i.id().equals(itemId)).findFirst().orElse(null);
    }

    /** The tier with this id, or {@code null}. */
    public Tier tier(String tierId) {
        return tiers.stream().filter(t -> t.id().equals(tierId)).findFirst().orElse(null);
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

    /**
     * The official copy of rule set {@code id} at {@code version}, as this release ships it: the current file when it
     * has that version, else the earlier version kept as {@code <id>.v<version>.json}. Empty when unknown. A rule file
     * is never edited under the same version: a change bumps the version and keeps the old file (RuleSetVersionsTest).
     */
    public static Optional<RuleSet> official(String id, int version) {
        if (!id.matches("[a-z0-9-]+/[a-z0-9-]+")) {
            return Optional.empty();
        }
        for (String name : List.of(id + ".json", id + ".v" + version + ".json")) {
            try (InputStream in = RuleSet.class.getResourceAsStream(name)) {
                if (in != null) {
                    RuleSet r = JSON.readValue(in, RuleSet.class);
                    if (r.id().equals(id) && r.version() == version) {
                        return Optional.of(r);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("rule set " + name + " is unreadable", e);
            }
        }
        return Optional.empty();
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
        return forType(ApplicationType.of(type));
    }

    public static RuleSet forType(ApplicationType type) {
        return builtIn("shaoxing-2025/" + type.id());
    }
}
