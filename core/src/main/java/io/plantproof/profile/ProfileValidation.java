package io.plantproof.profile;

import io.plantproof.profile.ProfileFile.Problem;
import io.plantproof.rules.ApplicationType;
import io.plantproof.rules.RuleSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The problems that make a profile wrong, not merely incomplete (incomplete is {@link ProfileCheck}'s):
 * a project name against the notice's naming rule, ticked boxes that the 评价细则 item does not have,
 * attachments that are missing or outside the profile's folder, impossible dates and numbers.
 */
final class ProfileValidation {

    /** 表2 asks for "最多主要五项" per kind. */
    private static final int TABLE2_MAX = 5;

    private final ApplicationProfile p;
    private final Path baseDir;
    private final List<Problem> out = new ArrayList<>();

    ProfileValidation(ApplicationProfile profile, Path baseDir) {
        this.p = profile;
        this.baseDir = baseDir;
    }

    List<Problem> problems() {
        if (p.version() == null) {
            out.add(new Problem("version", "is required (this reader reads version " + ApplicationProfile.VERSION + ")"));
        } else if (p.version() != ApplicationProfile.VERSION) {
            out.add(new Problem("version", p.version() + " is not a profile version this reader knows (" + ApplicationProfile.VERSION + ")"));
        }
        enterprise();
        economics();
        maturity();
        if (p.smartFactory() != null) {
            SmartFactoryApplication sf = p.smartFactory();
            project("smartFactory", sf.project(), ApplicationType.SMART_FACTORY);
            narrative("smartFactory", sf.narrative());
            if (sf.figures() != null && sf.figures().promotedEnterprises() != null && sf.figures().promotedEnterprises() < 0) {
                out.add(new Problem("smartFactory.figures.promotedEnterprises", "must not be negative"));
            }
            tables(sf);
            checklist("smartFactory", sf.checklist(), ApplicationType.SMART_FACTORY);
        }
        if (p.digitalWorkshop() != null) {
            DigitalWorkshopApplication dw = p.digitalWorkshop();
            project("digitalWorkshop", dw.project(), ApplicationType.DIGITAL_WORKSHOP);
            narrative("digitalWorkshop", dw.narrative());
            nonNegative("digitalWorkshop.lastYearOutput", dw.lastYearOutput());
            checklist("digitalWorkshop", dw.checklist(), ApplicationType.DIGITAL_WORKSHOP);
        }
        for (ApplicationType type : ApplicationType.values()) {
            for (ApplicationProfile.AttachmentRef a : p.attachments(type)) {
                attachment(a);
            }
        }
        // an attachment named for both application types is checked twice
        return out.stream().distinct().toList();
    }

    private void enterprise() {
        EnterpriseDetails e = p.enterprise();
        if (e == null) {
            return;
        }
        if (e.founded() != null && e.founded().isAfter(LocalDate.now())) {
            out.add(new Problem("enterprise.founded", e.founded() + " is in the future"));
        }
        if (e.contact() != null && e.contact().email() != null && !e.contact().email().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            out.add(new Problem("enterprise.contact.email", "'" + e.contact().email() + "' is not an e-mail address"));
        }
        if (e.head() != null) {
            phone("enterprise.head.mobile", e.head().mobile());
        }
        if (e.contact() != null) {
            phone("enterprise.contact.mobile", e.contact().mobile());
            phone("enterprise.contact.phone", e.contact().phone());
            phone("enterprise.contact.fax", e.contact().fax());
        }
    }

    private void phone(String field, String number) {
        if (number != null && !number.matches("[0-9+\\- ()]{7,20}")) {
            out.add(new Problem(field, "'" + number + "' is not a telephone number (digits, +, -, spaces)"));
        }
    }

    private void economics() {
        Set<Integer> years = new HashSet<>();
        for (int i = 0; i < p.economics().size(); i++) {
            EconomicYear y = p.economics().get(i);
            String at = "economics[" + i + "]";
            if (y.year() == null) {
                out.add(new Problem(at + ".year", "is required"));
            } else if (y.year() < 1990 || y.year() > 2100) {
                out.add(new Problem(at + ".year", y.year() + " is not a plausible year"));
            } else if (!years.add(y.year())) {
                out.add(new Problem(at + ".year", y.year() + " is given twice"));
            }
            nonNegative(at + ".totalAssets", y.totalAssets());
            nonNegative(at + ".totalLiabilities", y.totalLiabilities());
            nonNegative(at + ".revenue", y.revenue());
            nonNegative(at + ".tax", y.tax());
        }
    }

    private void maturity() {
        Maturity m = p.maturity();
        if (m == null) {
            return;
        }
        if (m.value() != null && (m.value() < 0 || m.value() > 5)) {
            out.add(new Problem("maturity.value", m.value() + " is outside the maturity scale 0–5"));
        }
        if (m.level() != null && (m.level() < 1 || m.level() > 5)) {
            out.add(new Problem("maturity.level", m.level() + " is not a maturity level 1–5 (一级…五级)"));
        }
    }

    /** Dates in order, a positive investment, and 名称 = 企业简称 + 主要产品 + 智能工厂/数字化车间. */
    private void project(String section, Project project, ApplicationType type) {
        if (project == null) {
            return;
        }
        String at = section + ".project";
        if (project.start() != null && project.end() != null && project.end().isBefore(project.start())) {
            out.add(new Problem(at + ".end", project.end() + " is before start " + project.start()));
        }
        if (project.plannedInvestment() != null && project.plannedInvestment() <= 0) {
            out.add(new Problem(at + ".plannedInvestment", "must be positive (万元)"));
        }
        String name = project.name();
        if (name == null) {
            return;
        }
        String suffix = type.chinese();
        String shortName = p.enterprise() == null ? null : p.enterprise().shortName();
        String rule = "the notice names it 企业简称+主要产品+" + suffix;
        if (!name.endsWith(suffix)) {
            out.add(new Problem(at + ".name", "'" + name + "' does not end with " + suffix + " (" + rule + ")"));
        } else if (shortName != null && !name.startsWith(shortName)) {
            out.add(new Problem(at + ".name", "'" + name + "' does not start with enterprise.shortName '" + shortName + "' (" + rule + ")"));
        } else if (shortName != null && project.mainProduct() != null && !name.equals(shortName + project.mainProduct() + suffix)) {
            out.add(new Problem(at + ".name", "'" + name + "' is not " + shortName + " + " + project.mainProduct() + " + " + suffix
                    + " (" + rule + "; expected '" + shortName + project.mainProduct() + suffix + "')"));
        } else if (name.length() <= suffix.length() + (shortName == null ? 0 : shortName.length())) {
            out.add(new Problem(at + ".name", "'" + name + "' names no main product (" + rule + ")"));
        }
    }

    private void narrative(String section, Narrative n) {
        if (n != null && n.plan() != null) {
            nonNegative(section + ".narrative.plan.investment", n.plan().investment());
        }
    }

    private void tables(SmartFactoryApplication sf) {
        if (sf.table2() != null) {
            Map<String, List<Table2.Breakthrough>> kinds = new java.util.LinkedHashMap<>();
            kinds.put("processes", sf.table2().processes());
            kinds.put("technologies", sf.table2().technologies());
            kinds.put("equipment", sf.table2().equipment());
            kinds.put("software", sf.table2().software());
            kinds.forEach((kind, rows) -> {
                String at = "smartFactory.table2." + kind;
                if (rows.size() > TABLE2_MAX) {
                    out.add(new Problem(at, rows.size() + " entries; 表2 lists at most " + TABLE2_MAX + " (最多主要五项)"));
                }
                named(at, rows, Table2.Breakthrough::name);
            });
        }
        if (sf.table3() != null) {
            named("smartFactory.table3.standards", sf.table3().standards(), Table3.Standard::name);
            named("smartFactory.table3.patents", sf.table3().patents(), Table3.Patent::name);
        }
        if (sf.table4() != null) {
            named("smartFactory.table4.modes", sf.table4().modes(), Table4.Innovation::name);
            named("smartFactory.table4.scenarios", sf.table4().scenarios(), Table4.Innovation::name);
        }
    }

    private <T> void named(String at, List<T> rows, Function<T, String> name) {
        for (int i = 0; i < rows.size(); i++) {
            String n = name.apply(rows.get(i));
            if (n == null || n.isBlank()) {
                out.add(new Problem(at + "[" + i + "].name", "is required"));
            }
        }
    }

    /** Item ids of the type's 评价细则, box numbers that item has, each ticked once. */
    private void checklist(String section, Map<String, ChecklistAnswer> answers, ApplicationType type) {
        RuleSet rules = RuleSet.forType(type);
        for (Map.Entry<String, ChecklistAnswer> e : answers.entrySet()) {
            String at = section + ".checklist" + YamlLines.key(e.getKey());
            RuleSet.ChecklistItem item = rules.item(e.getKey());
            if (item == null) {
                out.add(new Problem(at, "'" + e.getKey() + "' is not an item of " + rules.id() + " (items: "
                        + String.join(", ", rules.checklist().stream().map(RuleSet.ChecklistItem::id).toList()) + ")"));
                continue;
            }
            ChecklistAnswer a = e.getValue();
            if (a == null || a.ticked() == null) {
                out.add(new Problem(at + ".ticked", "is required: the boxes ticked, numbered 1–" + item.options().size()
                        + " in the notice's order ([] for none)"));
                continue;
            }
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < a.ticked().size(); i++) {
                Integer box = a.ticked().get(i);
                if (box == null || box < 1 || box > item.options().size()) {
                    out.add(new Problem(at + ".ticked[" + i + "]", box + " is not a box of item " + item.id() + " "
                            + item.title() + " (1–" + item.options().size() + ")"));
                } else if (!seen.add(box)) {
                    out.add(new Problem(at + ".ticked[" + i + "]", "box " + box + " is ticked twice"));
                }
            }
        }
    }

    private void attachment(ApplicationProfile.AttachmentRef a) {
        if (a.path() == null || a.path().isBlank()) {
            out.add(new Problem(a.field(), "is empty"));
            return;
        }
        Path path = Path.of(a.path());
        if (path.isAbsolute() || path.normalize().startsWith("..") || a.path().contains("\\")) {
            out.add(new Problem(a.field(), "'" + a.path() + "' must be a path inside the profile's folder, with / separators"));
        } else if (baseDir != null && !Files.isRegularFile(baseDir.resolve(path))) {
            out.add(new Problem(a.field(), "attachment " + baseDir.resolve(path) + " does not exist or is not a file"));
        }
    }

    private void nonNegative(String field, Double value) {
        if (value != null && value < 0) {
            out.add(new Problem(field, "must not be negative"));
        }
    }
}
