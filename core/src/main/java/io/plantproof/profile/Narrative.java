package io.plantproof.profile;

import java.time.YearMonth;

/**
 * Parts 二 (情况概述) and 四 (下一步智能制造实施计划) of the 申报书, by the points the notice lists. Any
 * point left out is printed as a marked placeholder for the applicant to write; the data highlights are filled in.
 */
public record Narrative(String background, String planning, String progress, String integration, String practices,
                        String benefits, Plan plan) {

    /** 四: 预期目标, 建设内容, 投资 (万元), 完成时间, 推进举措. */
    public record Plan(String goals, String content, Double investment, YearMonth completion, String measures) {
    }
}
