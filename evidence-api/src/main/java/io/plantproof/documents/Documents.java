package io.plantproof.documents;

import io.plantproof.forms.DocumentFigures;
import io.plantproof.forms.Figure;
import io.plantproof.forms.FigureSection;
import io.plantproof.forms.FormFigures;
import io.plantproof.forms.FormInput;
import io.plantproof.rules.ApplicationType;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the 申报书 documents: one call renders every file for an application from a
 * {@link DocumentInput}. The bundle builder stores them under {@code documents/}; the demo writes them out.
 */
public final class Documents {

    /** The HTML report's file name; the other names depend on the application type. */
    public static final String REPORT_HTML = "report.html";
    public static final String TABLE1_XLSX = "表1-软硬件清单.xlsx";
    public static final String FIGURES_XLSX = "申请表-数据.xlsx";
    public static final String SUMMARY_XLSX = "附件1-汇总表.xlsx";
    public static final String SCORING_XLSX = "评价细则自评表.xlsx";
    /** The printable table; not 评价细则自评表.docx, whose PDF would overwrite the spreadsheet's in render-documents.sh. */
    public static final String SCORING_DOCX = "评价细则自评表-打印版.docx";

    private Documents() {
    }

    /**
     * File name → bytes: 申报书-{type}.docx, 评价细则自评表.xlsx/.docx, 表1-软硬件清单.xlsx, 申请表-数据.xlsx, report.html,
     * and for a smart factory 附件1-汇总表.xlsx (the notice's 附件1 is the smart-factory summary; digital workshops have none).
     */
    public static Map<String, byte[]> render(DocumentInput in) {
        FormInput formInput = in.formInput();
        List<FigureSection> form = FormFigures.of(formInput);
        Map<String, Figure> figures = DocumentFigures.of(formInput);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(applicationFileName(in.type()), ApplicationDocument.write(in, form, figures));
        ScoringSheet scoring = new ScoringSheet(in, figures);
        files.put(SCORING_XLSX, scoring.xlsx());
        files.put(SCORING_DOCX, scoring.docx());
        if (in.type() == ApplicationType.SMART_FACTORY) {
            files.put(SUMMARY_XLSX, Workbooks.summary(in, figures, investmentFigure(form)));
        }
        files.put(TABLE1_XLSX, Workbooks.table1(in));
        files.put(FIGURES_XLSX, Workbooks.figures(form));
        files.put(REPORT_HTML, HtmlReport.render(in, form, figures).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** {@code 申报书-智能工厂.docx} or {@code 申报书-数字化车间.docx}. */
    public static String applicationFileName(ApplicationType type) {
        return "申报书-" + type.chinese() + ".docx";
    }

    private static Figure investmentFigure(List<FigureSection> sections) {
        return sections.stream().flatMap(s -> s.figures().stream())
                .filter(f -> f.label().startsWith(FormFigures.INVESTMENT_LABEL)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the form has no 累计完成投资 field"));
    }
}
