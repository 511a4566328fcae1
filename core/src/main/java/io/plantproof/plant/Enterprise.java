package io.plantproof.plant;

/**
 * The applicant as the 申报书 names it: 名称, 统一社会信用代码, 所属地区, 所属行业 (GB/T 4754 中类).
 * All fields are DECLARED by the applicant; {@code name} is required.
 */
public record Enterprise(String name, String creditCode, String region, String industry) {

    /** The 31 characters of a 统一社会信用代码 (GB 32100-2015: digits and capitals without I, O, S, V, Z). */
    private static final String CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] CODE_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    void check(FieldPath at, PlantProblems out) {
        out.required(at.field("name"), name);
        if (creditCode != null && !validCreditCode(creditCode)) {
            out.add(at.field("creditCode"), "'" + creditCode + "' is not a 统一社会信用代码 (18 characters of GB 32100-2015 "
                    + "with the right check character)");
        }
    }

    /** Whether {@code code} is 18 characters of the GB 32100-2015 alphabet whose last one is the right check character. */
    public static boolean validCreditCode(String code) {
        if (code == null || code.length() != 18) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = CODE_CHARS.indexOf(code.charAt(i));
            if (v < 0) {
                return false;
            }
            sum += v * CODE_WEIGHTS[i];
        }
        return code.charAt(17) == CODE_CHARS.charAt((31 - sum % 31) % 31);
    }
}
