package io.plantproof.documents;

import io.plantproof.forms.Formats;
import io.plantproof.profile.ApplicationProfile;
import io.plantproof.profile.SmartFactoryApplication;
import io.plantproof.profile.Table2;
import io.plantproof.profile.Table3;
import io.plantproof.profile.Table4;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * 表2–表4 of the smart-factory 申报书 from the profile (DECLARED), with the form's headings and columns; an
 * empty optional table says 无, an empty 表4 (必填) says it still has to be filled.
 */
final class ProfileTables {

    private final Docx docx;
    private final SmartFactoryApplication sf;

    ProfileTables(Docx docx, ApplicationProfile profile) {
        this.docx = docx;
        this.sf = profile == null ? null : profile.smartFactory();
    }

    void write() {
        Table2 t2 = sf == null || sf.table2() == null ? new Table2(null, null, null, null) : sf.table2();
        docx.subheading("（三）项目突破的主要关键工艺、技术、装备、软件系统清单（表2）");
        docx.line("表2：项目突破的主要关键工艺、技术、装备、软件系统清单（选填）");
        breakthroughs("突破的关键工艺", "工艺名称", t2.processes());
        breakthroughs("突破的关键技术", "技术名称", t2.technologies());
        breakthroughs("突破的关键装备", "装备名称", t2.equipment());
        breakthroughs("突破的关键软件/系统", "软件/系统", t2.software());

        Table3 t3 = sf == null || sf.table3() == null ? new Table3(null, null) : sf.table3();
        docx.subheading("（四）项目建设过程中形成的标准、专利清单（表3）");
        docx.line("表3 项目建设过程中形成的标准、专利清单（选填）");
        rows("形成的标准", List.of("序号", "标准名称", "标准类型（国标、行标、团标、企标）", "标准状态（已发布、草案）", "标准号"), t3.standards(),
                s -> List.of(s.name(), label(s.type()), label(s.status()), text(s.number())), false, 8, 30, 22, 20, 20);
        rows("形成的专利", List.of("序号", "专利名称", "专利类型（发明、实用新型、外观、软著）", "专利状态（已发布、审查）", "专利号"), t3.patents(),
                p -> List.of(p.name(), label(p.type()), label(p.status()), text(p.number())), false, 8, 30, 22, 20, 20);

        Table4 t4 = sf == null || sf.table4() == null ? new Table4(null, null) : sf.table4();
        docx.subheading("（五）项目形成的智能制造新模式、新场景（表4）");
        docx.line("表4 项目形成的智能制造新模式、新场景（必填）");
        boolean none = t4.modes().isEmpty() && t4.scenarios().isEmpty();
        rows("形成的新模式", List.of("序号", "先进制造模式名称", "解决痛点难点问题描述", "解决方案", "实施成效"),
                t4.modes(), ProfileTables::innovation, none, 8, 20, 24, 24, 24);
        rows("形成的新场景", List.of("序号", "创新场景名称", "解决痛点难点问题描述", "解决方案", "实施成效"), t4.scenarios(),
                ProfileTables::innovation, none, 8, 20, 24, 24, 24);
    }

    private void breakthroughs(String heading, String nameColumn, List<Table2.Breakthrough> rows) {
        rows(heading, List.of("序号", nameColumn, "先进性、突破性描述（如核心参数对比）", "备注"), rows,
                b -> List.of(b.name(), text(b.description()), b.remark() == null ? "" : b.remark()), false, 8, 28, 46, 18);
    }

    /** A titled table with numbered rows; without rows one row says 无, or that a required table is still empty. */
    private <T> void rows(String heading, List<String> header, List<T> items, Function<T, List<String>> cells, boolean required,
                          int... widths) {
        docx.minorHeading(heading);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(String.valueOf(i + 1));
            row.addAll(cells.apply(items.get(i)));
            out.add(row);
        }
        if (out.isEmpty()) {
            List<String> row = new ArrayList<>();
            row.add("—");
            row.add(required ? Formats.missing("申报资料未填写：表4 为必填") : "无");
            while (row.size() < header.size()) {
                row.add("");
            }
            out.add(row);
        }
        docx.table(header, out, 9, widths);
    }

    private static List<String> innovation(Table4.Innovation i) {
        return List.of(i.name(), text(i.problem()), text(i.solution()), text(i.effect()));
    }

    private static String text(String s) {
        return s == null || s.isBlank() ? Formats.missing("未填写") : s;
    }

    private static String label(Table3.Choice choice) {
        return choice == null ? Formats.missing("未填写") : choice.label();
    }
}
