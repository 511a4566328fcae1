package io.plantproof.profile;

import io.plantproof.rules.ApplicationType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The application profile (format version {@value #VERSION}): the enterprise, its economic figures and
 * maturity self-assessment, shared by both application types, and one section per application type.
 * Every value is DECLARED; documents mark it so, and bundles carry the file and its attachments hashed.
 */
public record ApplicationProfile(Integer version, EnterpriseDetails enterprise, List<EconomicYear> economics,
                                 Maturity maturity, SmartFactoryApplication smartFactory,
                                 DigitalWorkshopApplication digitalWorkshop) {

    public static final int VERSION = 1;

    public ApplicationProfile {
        economics = economics == null ? List.of() : List.copyOf(economics);
    }

    /** The economic figures of one year, or {@code null} when the profile has none. */
    public EconomicYear economics(int year) {
        return economics.stream().filter(e -> e.year() != null && e.year() == year).findFirst().orElse(null);
    }

    /** The project of an application type, or {@code null} when the profile has no section for it. */
    public Project project(ApplicationType type) {
        return switch (type) {
            case SMART_FACTORY -> smartFactory == null ? null : smartFactory.project();
            case DIGITAL_WORKSHOP -> digitalWorkshop == null ? null : digitalWorkshop.project();
        };
    }

    /** The 二/四 prose of an application type, or {@code null}. */
    public Narrative narrative(ApplicationType type) {
        return switch (type) {
            case SMART_FACTORY -> smartFactory == null ? null : smartFactory.narrative();
            case DIGITAL_WORKSHOP -> digitalWorkshop == null ? null : digitalWorkshop.narrative();
        };
    }

    /** The applicant's answers per 评价细则 item id of an application type; empty when none. */
    public Map<String, ChecklistAnswer> checklist(ApplicationType type) {
        Map<String, ChecklistAnswer> answers = switch (type) {
            case SMART_FACTORY -> smartFactory == null ? null : smartFactory.checklist();
            case DIGITAL_WORKSHOP -> digitalWorkshop == null ? null : digitalWorkshop.checklist();
        };
        return answers == null ? Map.of() : answers;
    }

    /**
     * Every attachment the profile names for an application type, with the field that names it and what
     * it backs, in file order: the business licence, maturity evidence, the project filing, checklist items.
     */
    public List<AttachmentRef> attachments(ApplicationType type) {
        List<AttachmentRef> out = new ArrayList<>();
        if (enterprise != null && enterprise.businessLicense() != null) {
            out.add(new AttachmentRef("enterprise.businessLicense", enterprise.businessLicense(), "企业营业执照复印件", null));
        }
        if (maturity != null) {
            for (int i = 0; i < maturity.attachments().size(); i++) {
                out.add(new AttachmentRef("maturity.attachments[" + i + "]", maturity.attachments().get(i),
                        "智能制造能力成熟度水平自评估", null));
            }
        }
        String section = type == ApplicationType.SMART_FACTORY ? "smartFactory" : "digitalWorkshop";
        Project project = project(type);
        if (project != null && project.filing() != null) {
            out.add(new AttachmentRef(section + ".project.filing", project.filing(), "项目备案表", null));
        }
        for (Map.Entry<String, ChecklistAnswer> e : checklist(type).entrySet()) {
            List<String> files = e.getValue().attachments();
            for (int i = 0; i < files.size(); i++) {
                out.add(new AttachmentRef(section + ".checklist" + YamlLines.key(e.getKey()) + ".attachments[" + i + "]",
                        files.get(i), "评价细则 " + e.getKey() + " 佐证材料", e.getKey()));
            }
        }
        return out;
    }

    /**
     * One attachment named in the profile.
     *
     * @param field   where the profile names it, e.g. {@code digitalWorkshop.checklist["3.4"].attachments[0]}
     * @param path    the file, relative to the profile file's folder
     * @param backs   what it backs, in the notice's words
     * @param item    the 评价细则 item id it backs, or {@code null}
     */
    public record AttachmentRef(String field, String path, String backs, String item) {
    }
}
