package io.plantproof.profile;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The applicant's answer to one 评价细则 item: the boxes ticked (numbered from 1 in the notice's order; an
 * empty list is an explicit "none", so it is written even when empty), a short note, and the 佐证材料 files (photos, contracts, screenshots).
 */
public record ChecklistAnswer(@JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> ticked, String note, List<String> attachments) {

    public ChecklistAnswer {
        ticked = ticked == null ? null : List.copyOf(ticked);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
