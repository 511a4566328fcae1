package io.plantproof.documents;

import io.plantproof.forms.Figure;
import io.plantproof.forms.FigureSection;
import io.plantproof.forms.Formats;
import io.plantproof.forms.NumberStyle;
import io.plantproof.profile.Project;
import org.apache.poi.ss.usermodel.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The XLSX files applicants paste from: 附件1 汇总表 (its eight columns), 表1 with SUM subtotals and
 * total, and the 申请表 numeric fields with their units' decimals.
 */
final class Workbooks {

    static final List<String> SUMMARY_HEADER = List.of("序号", "企业名称", "企业信用代码", "项目名称", "主要内容",
            "所属行业", "累计完成总投资额（万元）", "项目完成时间");
    private static final String SUMMARY_TITLE = "2025年度绍兴市智能工厂申报汇总表";
    private static final String BY_APPLICANT = Formats.missing("由企业填写");
    private static final int TOTAL_COLUMN = 5;
    private static final char TOTAL_LETTER = 'F';

    private Workbooks() {
    }

    /** 附件1: the notice's one summary row per smart-factory project; the row type label is 智能工厂. */
    static byte[] summary(DocumentInput in, Map<String, Figure> figures, Figure investment) {
        Xlsx x = new Xlsx("附件1");
        x.title(SUMMARY_TITLE, SUMMARY_HEADER.size());
        x.header(SUMMARY_HEADER);
        x.boldText(x.newRow(), 1, in.type().chinese());
        Row row = x.newRow();
        x.number(row, 0, 1, NumberStyle.INTEGER);
        x.figure(row, 1, figures.get("plant.enterprise.name"));
        x.figure(row, 2, figures.get("plant.enterprise.creditCode"));
        x.figure(row, 3, figures.get("profile.smartFactory.project.name"));
        x.figure(row, 4, figures.get("profile.smartFactory.project.summary"));
        x.figure(row, 5, figures.get("plant.enterprise.industry"));
        x.figure(row, 6, investment);
        Project project = in.profile() == null ? null : in.profile().profile().project(in.type());
        x.text(row, 7, project == null || project.end() == null ? BY_APPLICANT
                : project.end().getYear() + "年" + project.end().getMonthValue() + "月");
        x.widths(6, 28, 22, 24, 24, 26, 26, 16);
        return x.bytes();
    }

    /** 表1: each category's heading row carries SUM of its lines; the total is SUM of the subtotals. */
    static byte[] table1(DocumentInput in) {
        Table1 t = Table1.of(in);
        Xlsx x = new Xlsx("表1");
        x.title(t.title(), Table1.HEADER.size());
        x.header(Table1.HEADER);
        List<String> subtotalCells = new ArrayList<>();
        for (Table1.Group g : t.groups()) {
            Row heading = x.newRow();
            int headingRow = x.lastRowNumber();
            x.boldText(heading, 0, Table1.heading(g.category()));
            x.text(heading, 6, "小计");
            int n = 1;
            for (InvestmentLine l : g.lines()) {
                Row row = x.newRow();
                x.number(row, 0, n++, NumberStyle.INTEGER);
                x.text(row, 1, l.name());
                x.text(row, 2, l.supplier());
                x.number(row, 3, l.quantity(), l.quantity() == Math.rint(l.quantity()) ? NumberStyle.INTEGER : NumberStyle.TWO_DECIMALS);
                x.number(row, 4, l.unitPriceWan(), NumberStyle.TWO_DECIMALS);
                x.number(row, TOTAL_COLUMN, l.totalWan(), NumberStyle.TWO_DECIMALS);
                x.text(row, 6, l.remark());
            }
            if (g.lines().isEmpty()) {
                // the form keeps a numbered blank row per category; the subtotal then sums that empty row
                x.text(x.newRow(), 1, "（无）");
            }
            x.formula(heading, TOTAL_COLUMN, "SUM(" + TOTAL_LETTER + (headingRow + 1) + ":" + TOTAL_LETTER
                    + x.lastRowNumber() + ")", NumberStyle.TWO_DECIMALS);
            subtotalCells.add(String.valueOf(TOTAL_LETTER) + headingRow);
        }
        Row total = x.newRow();
        x.boldText(total, 0, Table1.TOTAL_LABEL);
        x.formula(total, TOTAL_COLUMN, "SUM(" + String.join(",", subtotalCells) + ")", NumberStyle.TWO_DECIMALS);
        x.widths(16, 32, 24, 8, 12, 14, 40);
        return x.bytes();
    }

    /** Every 申请表 field: a number cell where there is a number, else its text or "—（reason）"; each tagged. */
    static byte[] figures(List<FigureSection> sections) {
        Xlsx x = new Xlsx("申请表数据");
        x.header(List.of("栏目", "字段", "填报值", "数据来源", "说明"));
        for (FigureSection s : sections) {
            for (Figure f : s.figures()) {
                Row row = x.newRow();
                x.text(row, 0, s.title());
                x.text(row, 1, f.label());
                x.figure(row, 2, f);
                x.text(row, 3, f.origin());
                x.text(row, 4, f.note());
            }
        }
        x.widths(22, 48, 14, 12, 60);
        return x.bytes();
    }
}
