package io.plantproof.documents;

import io.plantproof.rules.RuleKind;
import io.plantproof.forms.DocumentFigures;
import io.plantproof.forms.Figure;
import io.plantproof.profile.ApplicationProfile;
import io.plantproof.profile.ChecklistAnswer;
import io.plantproof.rules.Operator;
import io.plantproof.rules.RuleResult;
import io.plantproof.rules.RuleSet;
import org.apache.poi.ss.usermodel.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 评价细则 self-scoring sheet: every item and every box, the box the data supports (SUGGESTED, with its
 * figure), the applicant's ticks (DECLARED) and the attachments. In the XLSX the SUGGESTED column is a live
 * formula on the figure cell, written with the rule's own comparisons (以上 ≥, 大于 >, 达到 =, 低于 <), and the
 * totals below are COUNTIF formulas; the DOCX is the same table as printed.
 */
final class ScoringSheet {

    static final String TICKED = "☑";
    static final String UNTICKED = "☐";
    static final List<String> HEADER = List.of("评价项目", "编号", "评价内容", "序号", "评分细则", "数据", "数据支持（SUGGESTED）",
            "企业勾选（DECLARED）", "数据判定", "佐证材料要求", "附件");
    /** First row of the items (1-based, as formulas count): after the title and the header. */
    private static final int FIRST_ROW = 3;

    private final DocumentInput in;
    private final Map<String, Figure> figures;
    private final RuleSet rules;
    private final ApplicationProfile profile;

    ScoringSheet(DocumentInput in, Map<String, Figure> figures) {
        this.in = in;
        this.figures = figures;
        this.rules = RuleSet.forType(in.type());
        this.profile = in.profile() == null ? null : in.profile().profile();
    }

    /** One box of one item as the sheet lists it. */
    private record Box(RuleSet.Group group, RuleSet.ChecklistItem item, int number, Figure data, boolean ticked, boolean first) {
    }

    byte[] xlsx() {
        Xlsx x = new Xlsx("评价细则自评");
        x.title(title(), HEADER.size());
        x.header(HEADER);
        int itemFirstRow = 0;
        for (Box b : boxes()) {
            Row row = x.newRow();
            int excelRow = x.lastRowNumber();
            if (b.first()) {
                itemFirstRow = excelRow;
                x.text(row, 0, b.group().id() + "." + b.group().title());
                x.text(row, 1, EvaluationPart.number(b.item()));
                x.text(row, 2, b.item().title());
                RuleResult r = result(b.item());
                if (r != null && r.indicator() != null) {
                    x.figure(row, 8, figures.get(DocumentFigures.ruleId(r, "result")));
                } else {
                    x.text(row, 8, "以佐证材料为准");
                }
                x.text(row, 9, b.item().evidence() == null ? "" : b.item().evidence());
                x.text(row, 10, attachments(b.item()));
            }
            x.number(row, 3, b.number(), io.plantproof.forms.NumberStyle.INTEGER);
            x.text(row, 4, b.item().options().get(b.number() - 1));
            if (b.data() != null) {
                x.figure(row, 5, b.data());
            }
            String formula = formula(b, itemFirstRow, excelRow);
            if (formula == null) {
                x.text(row, 6, "");
            } else {
                x.textFormula(row, 6, formula);
            }
            x.text(row, 7, b.ticked() ? TICKED : UNTICKED);
        }
        int last = x.lastRowNumber();
        x.newRow();
        summary(x, "评价内容（项）", "COUNTA(B" + FIRST_ROW + ":B" + last + ")");
        summary(x, "数据支持的格", "COUNTIF(G" + FIRST_ROW + ":G" + last + ",\"" + TICKED + "\")");
        summary(x, "企业勾选的格", "COUNTIF(H" + FIRST_ROW + ":H" + last + ",\"" + TICKED + "\")");
        summary(x, "企业勾选且数据支持的格", "COUNTIFS(G" + FIRST_ROW + ":G" + last + ",\"" + TICKED + "\",H" + FIRST_ROW + ":H" + last
                + ",\"" + TICKED + "\")");
        summary(x, "数据支持但企业未勾选的格", "COUNTIFS(G" + FIRST_ROW + ":G" + last + ",\"" + TICKED + "\",H" + FIRST_ROW + ":H" + last
                + ",\"" + UNTICKED + "\")");
        x.widths(18, 14, 26, 6, 60, 12, 16, 16, 28, 28, 40);
        return x.bytes();
    }

    byte[] docx() {
        Docx d = new Docx();
        d.title(title());
        d.small("数据支持（SUGGESTED）：证据数据支持的格；企业勾选（DECLARED）：企业在申报资料中的勾选；数据判定用通知原文的比较词"
                + "（以上 ≥、大于 >、达到 =、低于 <）。电子表格版（" + Documents.SCORING_XLSX + "）中数据支持一栏为公式，随数据单元格重新计算。");
        List<List<?>> rows = new ArrayList<>();
        for (Box b : boxes()) {
            RuleResult r = b.first() ? result(b.item()) : null;
            Object judged = !b.first() ? "" : r != null && r.indicator() != null ? figures.get(DocumentFigures.ruleId(r, "result")) : "以佐证材料为准";
            rows.add(List.of(b.first() ? EvaluationPart.number(b.item()) + " " + b.item().title() : "", b.number() + ". " + b.item().options().get(b.number() - 1),
                    b.data() == null ? "" : b.data(), supported(b) ? TICKED : "", b.ticked() ? TICKED : UNTICKED, judged,
                    b.first() ? attachments(b.item()) : ""));
        }
        d.table(List.of("评价内容", "评分细则", "数据", "数据支持", "企业勾选", "数据判定", "附件"), rows, 8, 14, 36, 9, 7, 7, 14, 13);
        return d.bytes();
    }

    private String title() {
        return "绍兴市" + in.type().chinese() + "认定评价细则（试行）自评表 — " + figures.get("plant.enterprise.name").text();
    }

    private List<Box> boxes() {
        List<Box> out = new ArrayList<>();
        for (RuleSet.Group g : rules.groups()) {
            for (RuleSet.ChecklistItem item : rules.checklist()) {
                if (!item.group().equals(g.id())) {
                    continue;
                }
                ChecklistAnswer answer = profile == null ? null : profile.checklist(in.type()).get(item.id());
                for (int n = 1; n <= item.options().size(); n++) {
                    boolean ticked = answer != null && answer.ticked() != null && answer.ticked().contains(n);
                    out.add(new Box(g, item, n, data(item, n), ticked, n == 1));
                }
            }
        }
        return out;
    }

    /** The figure a box is judged on: a tier's measured value on its first box, a suggestion's indicator on its box. */
    private Figure data(RuleSet.ChecklistItem item, int box) {
        if (item.tier() != null) {
            RuleResult r = result(item);
            return box == 1 && r != null ? figures.get(DocumentFigures.ruleId(r, "measured")) : null;
        }
        return item.suggest().stream().filter(s -> s.box() == box).findFirst()
                .map(s -> figures.get(s.when().indicator() + ".current")).orElse(null);
    }

    /**
     * The SUGGESTED formula of a box: for a tier, its comparison holds and no later box's does (the last box
     * reached, as the rule engine reads it); for a suggestion, its condition holds and no higher suggested box's does.
     */
    private String formula(Box b, int itemFirstRow, int row) {
        if (b.item().tier() != null) {
            RuleSet.Tier t = rules.tier(b.item().tier());
            String cell = "$F$" + itemFirstRow;
            List<String> later = new ArrayList<>();
            for (int j = b.number(); j < t.levels().size(); j++) {
                later.add(compare(cell, t.levels().get(j).op(t), t.levels().get(j).bound()));
            }
            RuleSet.Level level = t.levels().get(b.number() - 1);
            return mark(cell, compare(cell, level.op(t), level.bound()), later);
        }
        RuleSet.Suggestion s = b.item().suggest().stream().filter(x -> x.box() == b.number()).findFirst().orElse(null);
        if (s == null) {
            return null;
        }
        List<String> higher = new ArrayList<>();
        for (RuleSet.Suggestion other : b.item().suggest()) {
            if (other.box() > s.box()) {
                String cell = "$F$" + (row + other.box() - s.box());
                higher.add("AND(ISNUMBER(" + cell + ")," + compare(cell, other.when().op(), other.when().value()) + ")");
            }
        }
        return mark("$F$" + row, compare("$F$" + row, s.when().op(), s.when().value()), higher);
    }

    private static String mark(String cell, String holds, List<String> excluded) {
        String none = excluded.isEmpty() ? "" : ",NOT(OR(" + String.join(",", excluded) + "))";
        return "IF(AND(ISNUMBER(" + cell + ")," + holds + none + "),\"" + TICKED + "\",\"\")";
    }

    /** The rule engine's comparison in Excel, with its tolerance of 1E-9. */
    static String compare(String cell, Operator op, double bound) {
        String b = String.format(Locale.ROOT, "%s", Operator.limit(bound));
        return switch (op == null ? Operator.AT_LEAST : op) {
            case AT_LEAST -> cell + ">=" + b + "-1E-9";
            case GREATER -> cell + ">" + b + "+1E-9";
            case EQUAL -> "ABS(" + cell + "-" + b + ")<=1E-9";
            case LESS -> cell + "<" + b + "-1E-9";
        };
    }

    /** Whether the rule engine puts this box as the one data supports (what the XLSX formula computes). */
    boolean supported(Box b) {
        RuleResult r = result(b.item());
        return r != null && r.box() != null && r.box() == b.number()
                && (r.outcome() == RuleResult.Outcome.PASS || r.outcome() == RuleResult.Outcome.SUGGESTED);
    }

    private RuleResult result(RuleSet.ChecklistItem item) {
        String id = item.tier() != null ? item.tier() : item.id();
        return in.ruleResults().stream().filter(r -> r.id().equals(id) && r.kind() != RuleKind.CONDITION).findFirst().orElse(null);
    }

    private String attachments(RuleSet.ChecklistItem item) {
        if (profile == null) {
            return "";
        }
        return String.join("、", profile.attachments(in.type()).stream().filter(a -> item.id().equals(a.item()))
                .map(a -> a.path().substring(a.path().lastIndexOf('/') + 1)).toList());
    }

    private static void summary(Xlsx x, String label, String formula) {
        Row row = x.newRow();
        x.boldText(row, 4, label);
        x.formula(row, 5, formula, io.plantproof.forms.NumberStyle.INTEGER);
    }
}
