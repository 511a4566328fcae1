package io.plantproof.profile;

import io.plantproof.rules.ApplicationType;
import io.plantproof.rules.RuleSet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What an application of one type still lacks before its 申报书 can be complete: the 申请表's required
 * fields (the form's * fields, the enterprise, project and contact details), 表4 for a smart factory
 * (必填), and an answer to every qualitative 评价细则 item. {@code documents check} and {@code evidence build} list them.
 */
public final class ProfileCheck {

    /** A required field without a value: its path in the profile file, the form's label, and a line to look at. */
    public record Missing(String field, String label, int line) {
        @Override
        public String toString() {
            return (line > 0 ? "line " + line + ", " : "") + field + " (" + label + ")";
        }
    }

    private final ApplicationProfile p;
    private final List<String[]> missing = new ArrayList<>();

    private ProfileCheck(ApplicationProfile profile) {
        this.p = profile;
    }

    /** The required fields of {@code type} that {@code file} leaves empty, in file order. */
    public static List<Missing> missing(ProfileFile file, ApplicationType type) {
        ProfileCheck c = new ProfileCheck(file.profile());
        c.check(type);
        return c.missing.stream().map(m -> new Missing(m[0], m[1], file.lines().line(m[0]))).toList();
    }

    private void check(ApplicationType type) {
        EnterpriseDetails e = or(p.enterprise(), new EnterpriseDetails(null, null, null, null, null, null, null));
        EnterpriseDetails.Person head = or(e.head(), new EnterpriseDetails.Person(null, null, null));
        EnterpriseDetails.Contact contact = or(e.contact(), new EnterpriseDetails.Contact(null, null, null, null, null, null));
        require("enterprise.founded", "成立时间", () -> e.founded());
        require("enterprise.address", type == ApplicationType.SMART_FACTORY ? "工厂建设地址" : "详细地址", () -> e.address());
        require("enterprise.shortName", "企业简称（项目命名）", () -> e.shortName());
        require("enterprise.head.name", "企业负责人 姓名", () -> head.name());
        require("enterprise.head.title", "企业负责人 职务", () -> head.title());
        require("enterprise.head.mobile", "企业负责人 手机", () -> head.mobile());
        require("enterprise.contact.name", "联系人 姓名", () -> contact.name());
        require("enterprise.contact.title", "联系人 职务", () -> contact.title());
        require("enterprise.contact.phone", type == ApplicationType.SMART_FACTORY ? "联系人 办公电话" : "联系人 电话", () -> contact.phone());
        require("enterprise.contact.mobile", "联系人 手机", () -> contact.mobile());
        require("enterprise.contact.email", "联系人 E-mail", () -> contact.email());
        require("enterprise.introduction", "企业简介", () -> e.introduction());
        require("maturity.value", "线上成熟度评估值", () -> or(p.maturity(), new Maturity(null, null, null)).value());
        if (type == ApplicationType.SMART_FACTORY) {
            smartFactory();
        } else {
            digitalWorkshop();
        }
    }

    private void smartFactory() {
        for (int year = 2023; year <= 2025; year++) {
            int y = year;
            String at = "economics[" + year + "]";
            require(at, year + "年 总资产、总负债、主营业务收入、利润、税金（万元）", () -> {
                EconomicYear row = p.economics(y);
                return row == null || row.totalAssets() == null || row.totalLiabilities() == null || row.revenue() == null
                        || row.profit() == null || row.tax() == null ? null : row;
            });
        }
        SmartFactoryApplication sf = or(p.smartFactory(), new SmartFactoryApplication(null, null, null, null, null, null, null));
        project("smartFactory", sf.project(), "项目简述");
        require("smartFactory.figures.promotedEnterprises", "先进制造模式、解决方案输出推广企业数量（家）*",
                () -> or(sf.figures(), new SmartFactoryApplication.DeclaredFigures(null, null, null, null, null)).promotedEnterprises());
        Table4 t4 = or(sf.table4(), new Table4(null, null));
        require("smartFactory.table4", "表4 项目形成的智能制造新模式、新场景（必填）",
                () -> t4.modes().isEmpty() && t4.scenarios().isEmpty() ? null : t4);
        checklist("smartFactory", ApplicationType.SMART_FACTORY);
    }

    private void digitalWorkshop() {
        require("economics[2025]", "2025年总资产、资产负债率、总营收、利润率", () -> {
            EconomicYear row = p.economics(2025);
            return row == null || row.totalAssets() == null || row.totalLiabilities() == null || row.revenue() == null
                    || row.profit() == null ? null : row;
        });
        DigitalWorkshopApplication dw = or(p.digitalWorkshop(), new DigitalWorkshopApplication(null, null, null, null, null, null));
        project("digitalWorkshop", dw.project(), "车间总体描述");
        require("digitalWorkshop.products", "车间生产产品及产量", () -> dw.products());
        require("digitalWorkshop.lastYearOutput", "车间上年度产出（万元）", () -> dw.lastYearOutput());
        for (DigitalWorkshopApplication.Cell cell : dw.descriptions().cells()) {
            require("digitalWorkshop.descriptions." + cell.field(), cell.prompt(), cell::text);
        }
        checklist("digitalWorkshop", ApplicationType.DIGITAL_WORKSHOP);
    }

    private void project(String section, Project given, String summaryLabel) {
        String at = section + ".project";
        Project project = or(given, new Project(null, null, null, null, null, null, null));
        require(at + ".name", "项目名称（企业简称+主要产品+…命名）", () -> project.name());
        require(at + ".start", "起止日期（起）", () -> project.start());
        require(at + ".end", "起止日期（止）", () -> project.end());
        require(at + ".plannedInvestment", "计划总投资（万元）", () -> project.plannedInvestment());
        require(at + ".summary", summaryLabel, () -> project.summary());
    }

    /** Every item answered by hand: quantitative items (a tier) are judged from data and may be left out. */
    private void checklist(String section, ApplicationType type) {
        RuleSet rules = RuleSet.forType(type);
        for (RuleSet.ChecklistItem item : rules.checklist()) {
            if (item.tier() == null) {
                require(section + ".checklist" + YamlLines.key(item.id()) + ".ticked",
                        "评价细则 " + item.id() + " " + item.title() + " 的勾选", () -> {
                            ChecklistAnswer a = p.checklist(type).get(item.id());
                            return a == null ? null : a.ticked();
                        });
            }
        }
    }

    /** An absent part of the profile read as one with no values, so its fields are listed as missing. */
    private static <T> T or(T value, T empty) {
        return value != null ? value : empty;
    }

    /** Records {@code field} as missing when the value is null or blank. */
    private void require(String field, String label, Supplier<Object> value) {
        Object v = value.get();
        if (v == null || v instanceof String s && s.isBlank()) {
            missing.add(new String[] {field, label});
        }
    }
}
