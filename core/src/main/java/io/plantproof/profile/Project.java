package io.plantproof.profile;

import java.time.YearMonth;

/**
 * The project of one application: 名称 (企业简称+主要产品+智能工厂/数字化车间), 主要产品, 起止日期 (months),
 * 计划总投资 (万元), the form's 项目简述 / 车间总体描述, and the 项目备案表 copy.
 */
public record Project(String name, String mainProduct, YearMonth start, YearMonth end, Double plannedInvestment,
                      String summary, String filing) {
}
