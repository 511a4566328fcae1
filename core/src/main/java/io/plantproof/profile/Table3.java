package io.plantproof.profile;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

/**
 * 表3 项目建设过程中形成的标准、专利清单 (选填), with the form's closed choices as enums written in Chinese.
 */
public record Table3(List<Standard> standards, List<Patent> patents) {

    public Table3 {
        standards = standards == null ? List.of() : List.copyOf(standards);
        patents = patents == null ? List.of() : List.copyOf(patents);
    }

    /** 标准名称, 标准类型, 标准状态, 标准号. */
    public record Standard(String name, StandardType type, StandardStatus status, String number) {
    }

    /** 专利名称, 专利类型, 专利状态, 专利号. */
    public record Patent(String name, PatentType type, PatentStatus status, String number) {
    }

    /** A closed choice of the form, written in the file and printed as the form words it. */
    public interface Choice {
        @JsonValue
        String label();
    }

    /** 标准类型（国标、行标、团标、企标）. */
    public enum StandardType implements Choice {
        NATIONAL("国标"), INDUSTRY("行标"), ASSOCIATION("团标"), ENTERPRISE("企标");

        private final String label;

        StandardType(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /** 标准状态（已发布、草案）. */
    public enum StandardStatus implements Choice {
        PUBLISHED("已发布"), DRAFT("草案");

        private final String label;

        StandardStatus(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /** 专利类型（发明、实用新型、外观、软著）. */
    public enum PatentType implements Choice {
        INVENTION("发明"), UTILITY_MODEL("实用新型"), DESIGN("外观"), SOFTWARE_COPYRIGHT("软著");

        private final String label;

        PatentType(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /** 专利状态（已发布、审查）. */
    public enum PatentStatus implements Choice {
        GRANTED("已发布"), UNDER_EXAMINATION("审查");

        private final String label;

        PatentStatus(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }
}
