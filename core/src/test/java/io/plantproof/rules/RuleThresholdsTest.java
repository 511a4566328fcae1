package io.plantproof.rules;

import io.plantproof.metrics.Catalogue;
import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.IndicatorDefinition;
import io.plantproof.metrics.IndicatorId;
import io.plantproof.metrics.MemorySource;
import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.Period;
import io.plantproof.metrics.PeriodValue;
import io.plantproof.metrics.Plants;
import io.plantproof.rules.RuleResult.Outcome;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Signals;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every threshold of both Shaoxing 2025 rule sets, transcribed here from the notice (not read from
 * the rule files), probed just below, at and just above its limit: "以上"/"达到" include the limit,
 * "大于" and "低于" exclude it. The rule files must contain exactly these limits.
 */
class RuleThresholdsTest {

    /** One threshold of the notice: its measure on an indicator, whether the limit itself is reached, and the levels. */
    private record Limit(String ruleSet, String id, IndicatorId indicator, Measure measure, boolean inclusive, List<Double> levels,
                         String wording) {
    }

    private static final String SF = "shaoxing-2025/smart-factory";
    private static final String DW = "shaoxing-2025/digital-workshop";

    private static final List<Limit> CONDITIONS = List.of(
            new Limit(SF, "basic-3", IndicatorId.INVESTMENT_TOTAL, Measure.CURRENT, true, List.of(1000.0), "总投资达1000万元以上"),
            new Limit(SF, "basic-4", IndicatorId.CNC_RATE, Measure.CURRENT, true, List.of(85.0), "关键工序核心装备数控化率85％以上"),
            new Limit(SF, "basic-5", IndicatorId.DIGITAL_WORKSHOP_SHARE, Measure.CURRENT, true, List.of(60.0), "60%以上的车间达到数字化车间建设水平"),
            new Limit(DW, "basic-3", IndicatorId.INVESTMENT_TOTAL, Measure.CURRENT, true, List.of(200.0), "总投资达200万元以上"),
            new Limit(DW, "basic-4", IndicatorId.CNC_RATE, Measure.CURRENT, true, List.of(80.0), "车间关键工序核心装备数控化率80％以上"),
            new Limit(DW, "basic-5", IndicatorId.DATA_COLLECTION_RATE, Measure.CURRENT, true, List.of(60.0), "关键设备或关键工序数据采集率60%以上"));

    private static final List<Limit> TIERS = List.of(
            new Limit(SF, "6.1", IndicatorId.LABOR_PRODUCTIVITY, Measure.CHANGE_PERCENT, true, List.of(5.0, 10.0, 15.0, 20.0, 25.0), "劳动生产率水平提升 在5%以上 … 在25%以上"),
            new Limit(SF, "6.2", IndicatorId.OPERATING_COST_RATIO, Measure.REDUCTION_PERCENT, true, List.of(3.0, 5.0, 10.0, 15.0), "运营成本下降率 在3%以上 … 在15%以上"),
            new Limit(SF, "6.3", IndicatorId.DEFECT_RATE, Measure.REDUCTION_PERCENT, true, List.of(5.0, 8.0, 10.0), "产品不良品率下降 在5%以上 … 在10%以上"),
            new Limit(DW, "8.1-efficiency", IndicatorId.LABOR_PRODUCTIVITY, Measure.CHANGE_PERCENT, true, List.of(10.0, 15.0, 20.0), "生产效率提高10％以上 … 20％以上"),
            new Limit(DW, "8.1-defect", IndicatorId.DEFECT_RATE, Measure.REDUCTION_PERCENT, true, List.of(5.0, 8.0, 10.0), "产品不良品率降低5％以上 … 10％以上"),
            new Limit(DW, "8.1-energy", IndicatorId.ENERGY_INTENSITY, Measure.REDUCTION_PERCENT, true, List.of(5.0, 8.0, 10.0), "能源利用率提高5％以上 … 10％以上"));

    /** PlantProof's own data thresholds for suggesting a box of a 评价细则 item (not limits of the notice), by box. */
    private record Suggested(String ruleSet, String item, int box, IndicatorId indicator, double limit) {
    }

    private static final List<Suggested> SUGGESTIONS = List.of(
            new Suggested(DW, "2.1", 1, IndicatorId.AUTOMATED_COUNT, 1),
            new Suggested(DW, "2.1", 2, IndicatorId.AUTOMATION_RATIO, 50),
            new Suggested(DW, "2.2", 1, IndicatorId.NETWORKED_COUNT, 1),
            new Suggested(DW, "2.2", 2, IndicatorId.DATA_COLLECTION_RATE, 50),
            new Suggested(DW, "3.4", 1, IndicatorId.NETWORKING_RATE, 80),
            new Suggested(SF, "3.5", 1, IndicatorId.NETWORKING_RATE, 80));

    /** 附件5 item 2.3: 低于80% / 大于80% / 大于90% / 达到100%, as written. */
    private static final String CNC_TIER = "2.3 cnc_rate current [< 80.0, > 80.0, > 90.0, = 100.0]";

    private static final double STEP = 0.01;

    @Test
    void eachConditionPassesAtAndAboveItsLimitAndFailsJustBelow() {
        for (Limit l : CONDITIONS) {
            RuleSet rules = RuleSet.builtIn(l.ruleSet());
            double limit = l.levels().get(0);
            assertThat(outcome(rules, l, limit - STEP)).as(l.wording() + " just below").isEqualTo(Outcome.FAIL);
            assertThat(outcome(rules, l, limit)).as(l.wording() + " at the limit").isEqualTo(Outcome.PASS);
            assertThat(outcome(rules, l, limit + STEP)).as(l.wording() + " just above").isEqualTo(Outcome.PASS);
            assertThat(outcome(rules, l, null)).as(l.wording() + " without data").isEqualTo(Outcome.UNKNOWN);
        }
    }

    @Test
    void eachTierLevelIsReachedAsTheNoticeWordsIt() {
        for (Limit l : TIERS) {
            RuleSet rules = RuleSet.builtIn(l.ruleSet());
            for (int i = 0; i < l.levels().size(); i++) {
                double level = l.levels().get(i);
                Double below = i == 0 ? null : l.levels().get(i - 1);
                assertThat(tierReached(rules, l, level - STEP)).as(l.wording() + " just below " + level).isEqualTo(below);
                assertThat(tierReached(rules, l, level)).as(l.wording() + " at " + level).isEqualTo(l.inclusive() ? Double.valueOf(level) : below);
                assertThat(tierReached(rules, l, level + STEP)).as(l.wording() + " just above " + level).isEqualTo(level);
            }
        }
    }

    @Test
    void checklistBoxesAreSuggestedOnlyFromTheirDataThreshold() {
        for (Suggested s : SUGGESTIONS) {
            RuleSet rules = RuleSet.builtIn(s.ruleSet());
            Limit l = new Limit(s.ruleSet(), s.item(), s.indicator(), Measure.CURRENT, true, List.of(s.limit()), s.item());
            RuleResult below = result(rules, l, s.limit() - STEP);
            RuleResult at = result(rules, l, s.limit());
            assertThat(java.util.Objects.equals(below.box(), s.box())).as(s.toString()).isFalse();
            assertThat(at.outcome()).as(s.toString()).isEqualTo(Outcome.SUGGESTED);
            assertThat(at.box()).as(s.toString()).isEqualTo(s.box());
            assertThat(at.tier()).isEqualTo(rules.item(s.item()).options().get(s.box() - 1));
        }
    }

    @Test
    void cncRateTierWordsItsBoxesAndAValueOnTheUncoveredBoundaryHasBothReadings() {
        RuleSet rules = RuleSet.builtIn(DW);
        Limit l = new Limit(DW, "2.3", IndicatorId.CNC_RATE, Measure.CURRENT, false, List.of(80.0), "设备数控化率");
        assertThat(result(rules, l, 79.99).tier()).isEqualTo("关键工序装备数控化率低于80%");
        assertThat(result(rules, l, 79.99).op()).isEqualTo(Operator.LESS);
        assertThat(result(rules, l, 80.01).tier()).isEqualTo("关键工序装备数控化率大于80%");
        assertThat(result(rules, l, 80.01).op()).isEqualTo(Operator.GREATER);
        assertThat(result(rules, l, 90.0).tier()).isEqualTo("关键工序装备数控化率大于80%");
        assertThat(result(rules, l, 90.01).tier()).isEqualTo("关键工序装备数控化率大于90%");
        assertThat(result(rules, l, 99.99).tier()).isEqualTo("关键工序装备数控化率大于90%");
        assertThat(result(rules, l, 100.0).tier()).isEqualTo("关键工序装备数控化率达到100%");
        assertThat(result(rules, l, 100.0).op()).isEqualTo(Operator.EQUAL);
        assertThat(result(rules, l, 100.0).box()).isEqualTo(4);

        RuleResult boundary = result(rules, l, 80.0);
        assertThat(boundary.outcome()).isEqualTo(Outcome.BOUNDARY);
        assertThat(boundary.tier()).isNull();
        assertThat(boundary.readings()).containsExactly("关键工序装备数控化率大于80%", "关键工序装备数控化率低于80%");
        assertThat(boundary.note()).contains("恰在边界 80").contains("若“大于”含本数，为“关键工序装备数控化率大于80%”")
                .contains("若“低于”含本数，为“关键工序装备数控化率低于80%”").doesNotContain("低于最低档");
    }

    /** A version-2 rule file (as older bundles carry) keeps its old reading: below the lowest box is a FAIL. */
    @Test
    void aVersionTwoRuleFileJudgesTheBoundaryAsBefore() {
        String v2 = """
                {"id":"old","version":2,"title":"t","source":"s","applicationType":"digital-workshop","investmentWindowYears":2,"conditions":[],
                 "tiers":[{"id":"2.3","title":"设备数控化率","indicator":"cnc_rate","measure":"current","op":">",
                   "levels":[{"label":"关键工序装备数控化率大于80%","min":80},{"label":"关键工序装备数控化率大于90%","min":90}]}],
                 "checklist":[]}
                """;
        RuleSet rules = RuleSet.parse(v2.getBytes(java.nio.charset.StandardCharsets.UTF_8), "v2");
        Limit l = new Limit("old", "2.3", IndicatorId.CNC_RATE, Measure.CURRENT, false, List.of(80.0), "v2");
        assertThat(result(rules, l, 80.0).outcome()).isEqualTo(Outcome.FAIL);
        assertThat(result(rules, l, 85.0).tier()).isEqualTo("关键工序装备数控化率大于80%");
    }

    @Test
    void everyItemOfBothEvaluationRulesIsInItsRuleFileWithItsBoxes() {
        // 附件4: 1.1–1.4, 2.1–2.3, 3.1–3.5, 4.1–4.3, 5.1–5.3, 6.1–6.3, 7.1–7.6
        assertThat(RuleSet.builtIn(SF).checklist()).extracting(RuleSet.ChecklistItem::id).containsExactly(
                "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3",
                "5.1", "5.2", "5.3", "6.1", "6.2", "6.3", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6");
        // 附件5: 1.1–1.3, 2.1–2.3, 3.1–3.4, 4.1–4.2, 5.1, 6.1–6.2, 7.1–7.3, 8.1 (three lines of boxes), 9.1
        assertThat(RuleSet.builtIn(DW).checklist()).extracting(RuleSet.ChecklistItem::id).containsExactly(
                "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "5.1", "6.1", "6.2",
                "7.1", "7.2", "7.3", "8.1-efficiency", "8.1-defect", "8.1-energy", "9.1");
        for (String id : List.of(SF, DW)) {
            RuleSet rules = RuleSet.builtIn(id);
            for (RuleSet.ChecklistItem item : rules.checklist()) {
                assertThat(item.options()).as(id + " " + item.id()).hasSizeBetween(2, 5);
                assertThat(rules.groups()).as(id + " " + item.id()).anyMatch(g -> g.id().equals(item.group()));
                if (item.tier() != null) {
                    // a quantitative item's boxes are its tier's levels, word for word
                    assertThat(rules.tier(item.tier()).levels()).extracting(RuleSet.Level::label).containsExactlyElementsOf(item.options());
                }
            }
        }
        assertThat(RuleSet.builtIn(DW).item("2.3").options()).containsExactly("关键工序装备数控化率低于80%",
                "关键工序装备数控化率大于80%", "关键工序装备数控化率大于90%", "关键工序装备数控化率达到100%");
    }

    /** A new rule in a file without a transcribed limit here, or a changed limit, fails this test. */
    @Test
    void ruleFilesHoldExactlyTheTranscribedLimitsAndWindows() {
        for (String id : List.of(SF, DW)) {
            RuleSet rules = RuleSet.builtIn(id);
            List<String> inFile = new ArrayList<>();
            rules.conditions().stream().filter(c -> c.indicator() != null)
                    .forEach(c -> inFile.add(c.id() + " " + c.indicator() + " " + c.measure() + " " + c.op().ascii() + " " + List.of(c.value())));
            rules.tiers().forEach(t -> inFile.add(t.id().equals("2.3") ? t.id() + " " + t.indicator() + " " + t.measure() + " "
                    + t.levels().stream().map(v -> v.op(t).ascii() + " " + v.bound()).toList()
                    : t.id() + " " + t.indicator() + " " + t.measure() + " " + t.op().ascii() + " "
                    + t.levels().stream().map(RuleSet.Level::bound).toList()));
            rules.checklist().forEach(c -> c.suggest().forEach(s -> inFile.add(c.id() + " box " + s.box() + " "
                    + s.when().indicator() + " " + s.when().measure() + " " + s.when().op().ascii() + " " + s.when().value())));
            List<String> transcribed = new ArrayList<>();
            for (List<Limit> group : List.of(CONDITIONS, TIERS)) {
                group.stream().filter(l -> l.ruleSet().equals(id)).forEach(l -> transcribed.add(l.id() + " " + l.indicator()
                        + " " + l.measure() + " " + (l.inclusive() ? ">=" : ">") + " " + l.levels()));
            }
            SUGGESTIONS.stream().filter(s -> s.ruleSet().equals(id)).forEach(s -> transcribed.add(s.item() + " box " + s.box()
                    + " " + s.indicator() + " current >= " + s.limit()));
            if (id.equals(DW)) {
                transcribed.add(CNC_TIER);
            }
            assertThat(inFile).as(id).containsExactlyInAnyOrderElementsOf(transcribed);
        }
        // 最近三年 (smart factory) and 最近两年 (digital workshop)
        assertThat(RuleSet.builtIn(SF).investmentWindowYears()).isEqualTo(3);
        assertThat(RuleSet.builtIn(DW).investmentWindowYears()).isEqualTo(2);
        assertThat(RuleSet.builtIn(SF).workshopRuleSet()).isEqualTo(DW);
    }

    /*
     * Labour productivity 1.1 → 1.21 万元/人 is exactly +10 %, but (1.21 − 1.1) / 1.1 × 100 evaluates to
     * 9.999999999999988 in doubles; the 10 % level must still be reached.
     */
    @Test
    void aChangeOfExactlyTenPercentReachesTheTenPercentTierDespiteRounding() {
        Period before = Period.parse("2024-12-01..2024-12-01");
        Period after = Period.parse("2025-12-01..2025-12-01");
        MemorySource src = new MemorySource()
                .imported("W1", Signals.REPORT_OUTPUT_VALUE, before.startMillis(Plants.ZONE), 1.1)
                .imported("W1", Signals.REPORT_HEADCOUNT, before.startMillis(Plants.ZONE), 1)
                .imported("W1", Signals.REPORT_OUTPUT_VALUE, after.startMillis(Plants.ZONE), 1.21)
                .imported("W1", Signals.REPORT_HEADCOUNT, after.startMillis(Plants.ZONE), 1);
        MetricReport report = new MetricEngine(Plants.plant(null, List.of("W1"), List.of()))
                .compute(src, before, after, Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(report.indicator(IndicatorId.LABOR_PRODUCTIVITY).changePercent()).isLessThan(10.0);

        RuleResult tier = RuleEngine.apply(RuleSet.builtIn(DW), report).stream()
                .filter(r -> r.id().equals("8.1-efficiency")).findFirst().orElseThrow();
        assertThat(tier.threshold()).isEqualTo(10.0);
        assertThat(tier.onRelativeChange()).isTrue();
    }

    private static Outcome outcome(RuleSet rules, Limit l, Double value) {
        return result(rules, l, value).outcome();
    }

    private static Double tierReached(RuleSet rules, Limit l, double value) {
        RuleResult r = result(rules, l, value);
        return r.outcome() == Outcome.PASS ? r.threshold() : null;
    }

    private static RuleResult result(RuleSet rules, Limit l, Double value) {
        return RuleEngine.apply(rules, report(l.indicator(), l.measure(), value)).stream()
                .filter(r -> r.id().equals(l.id())).findFirst().orElseThrow();
    }

    /** A report where only {@code indicator} has a number, placed where {@code measure} reads it. */
    private static MetricReport report(IndicatorId indicator, Measure measure, Double value) {
        List<Indicator> all = new ArrayList<>();
        for (IndicatorDefinition d : Catalogue.ALL) {
            boolean it = d.id() == indicator && value != null;
            Double current = it && measure == Measure.CURRENT ? value : null;
            Double change = !it ? null : measure == Measure.CHANGE_PERCENT ? value : measure == Measure.REDUCTION_PERCENT ? -value : null;
            PeriodValue cur = new PeriodValue(current, Provenance.MEASURED, Map.of(), current == null ? "no value" : null);
            all.add(new Indicator(d.id(), d.title(), d.unit(), d.formula(), d.version(),
                    current != null || change != null ? Indicator.Status.COMPUTED : Indicator.Status.NO_DATA,
                    PeriodValue.missing("no value"), cur, change, null, Provenance.MEASURED));
        }
        Period p = Period.parse("2025-01-01..2025-12-31");
        return new MetricReport("plant", p, p, Instant.parse("2026-01-01T00:00:00Z"), all, List.of());
    }
}
