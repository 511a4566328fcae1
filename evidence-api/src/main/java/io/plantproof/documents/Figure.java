package io.plantproof.documents;

/**
 * One numeric field of a form, filled from the report or left empty with the reason.
 * {@code source} is {@code null} when the number is not an indicator; {@code note} then says where it comes from.
 *
 * @param origin what the 数据来源 column shows: the indicator's provenance, 表1, or 企业填写
 */
public record Figure(String label, Double value, NumberStyle style, FigureSource source, String origin, String note) {

    /** The field as the DOCX shows it: the formatted number, or "—（reason）". */
    public String text() {
        return value == null ? Formats.missing(note) : style.format(value);
    }
}
