package io.plantproof.forms;

import io.plantproof.metrics.Period;
import io.plantproof.sample.Provenance;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Chinese text conventions of the forms: dates as yyyy年M月d日, periods as a dash range, the
 * placeholder of a field without a value, and provenance with its Chinese gloss.
 */
public final class Formats {

    /** What a field without a number shows; the reason follows in brackets. */
    public static final String NO_VALUE = "—";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private Formats() {
    }

    public static String date(LocalDate day) {
        return DATE.format(day);
    }

    public static String period(Period p) {
        return date(p.from()) + "—" + date(p.to());
    }

    public static String missing(String reason) {
        return NO_VALUE + "（" + reason + "）";
    }

    public static String provenance(Provenance p) {
        return provenance(p, false);
    }

    /** The provenance id with its Chinese gloss; {@code brief}: one word, as the 数据来源 column shows it. */
    public static String provenance(Provenance p, boolean brief) {
        if (p == null) {
            return NO_VALUE;
        }
        if (brief) {
            return switch (p) {
                case MEASURED -> "实测";
                case IMPORTED -> "导入";
                case DECLARED -> "申报";
            } + "（" + p + "）";
        }
        return p + switch (p) {
            case MEASURED -> "（实测：设备遥测，已记入账本）";
            case IMPORTED -> "（导入：ERP/MES 导出文件，原文件已存哈希）";
            case DECLARED -> "（申报：设备台账或配置，由企业填报）";
        };
    }
}
