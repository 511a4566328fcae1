package io.plantproof.forms;

import java.util.List;

/**
 * A titled group of form fields, in the order and with the headings of the 申请表.
 * DOCX, XLSX and HTML all render the same sections, so they cannot disagree.
 */
public record FigureSection(String title, List<Figure> figures) {
}
