package io.plantproof.profile;

import java.util.List;

/**
 * The 智能制造能力成熟度 self-assessment on https://www.c3mep.cn: the 线上成熟度评估值 the form asks for, the
 * level it corresponds to (基本条件: 二级及以上), and the assessment report as attachments.
 */
public record Maturity(Double value, Integer level, List<String> attachments) {

    public Maturity {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
