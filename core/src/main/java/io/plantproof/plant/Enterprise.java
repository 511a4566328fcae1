package io.plantproof.plant;

/**
 * The applicant as the 申报书 names it: 名称, 统一社会信用代码, 所属地区, 所属行业 (GB/T 4754 中类).
 * All fields are DECLARED by the applicant; {@code name} is required.
 */
public record Enterprise(String name, String creditCode, String region, String industry) {

    void check(FieldPath at, PlantProblems out) {
        out.required(at.field("name"), name);
    }
}
