package io.plantproof.documents;

import io.plantproof.metrics.IndicatorId;
import io.plantproof.forms.FormInput;
import io.plantproof.metrics.MetricReport;
import io.plantproof.plant.Plant;
import io.plantproof.plant.Workshop;
import io.plantproof.profile.ProfileFile;
import io.plantproof.rules.ApplicationType;
import io.plantproof.rules.RuleResult;

import java.util.List;
import java.util.Map;

/**
 * Everything the documents are filled from: the plant, the application type and its workshops, the
 * computed report and rule results, the 表1 lines, the bundle files behind each indicator, daily points,
 * and the application profile with its attachments.
 *
 * @param workshops     workshop ids the report was computed for (a digital workshop names one; a smart factory all)
 * @param investments   表1 lines; empty until the 投资清单 import exists, or {@link InvestmentLine#fromRegister}
 * @param evidenceFiles indicator id → bundle paths that back it; may be empty
 * @param daily         per-workshop points of the current period for the HTML charts, from {@link DailySeries}; may be empty
 * @param trend         the scope's points of both periods for the DOCX charts, from {@link DailySeries#trend}; may be empty
 * @param profile       the application profile (DECLARED), or {@code null}: its fields then say they were not given
 */
public record DocumentInput(Plant plant, ApplicationType type, List<String> workshops, MetricReport report,
                            List<RuleResult> ruleResults, List<InvestmentLine> investments,
                            Map<IndicatorId, List<String>> evidenceFiles, List<DailyPoint> daily, List<TrendPoint> trend,
                            ProfileFile profile) {

    public DocumentInput {
        if (plant == null || type == null || report == null) {
            throw new IllegalArgumentException("documents need a plant, an application type and a metric report");
        }
        if (workshops == null || workshops.isEmpty()) {
            throw new IllegalArgumentException("documents need the workshop ids the report was computed for");
        }
        workshops = List.copyOf(workshops);
        ruleResults = ruleResults == null ? List.of() : List.copyOf(ruleResults);
        investments = investments == null ? List.of() : List.copyOf(investments);
        evidenceFiles = evidenceFiles == null ? Map.of() : Map.copyOf(evidenceFiles);
        daily = daily == null ? List.of() : List.copyOf(daily);
        trend = trend == null ? List.of() : List.copyOf(trend);
    }

    /** The workshops in scope as the plant names them, in register order. */
    public List<Workshop> scopeWorkshops() {
        return plant.workshops().stream().filter(w -> workshops.contains(w.id())).toList();
    }

    /** The bundle files that back an indicator, empty when none were given. */
    public List<String> evidenceFor(IndicatorId indicator) {
        return evidenceFiles.getOrDefault(indicator, List.of());
    }

    /** What the figures are computed from; the 表1 sum only when lines were given. */
    public FormInput formInput() {
        return new FormInput(type, plant, workshops, report, ruleResults, profile == null ? null : profile.profile(),
                investments.isEmpty() ? null : investments.stream().mapToDouble(InvestmentLine::totalWan).sum());
    }
}
