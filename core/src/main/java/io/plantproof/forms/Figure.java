package io.plantproof.forms;

/**
 * One figure of the documents: its stable field {@code id} (the tag a document carries it under), the form's
 * label, the number (or {@code null} for text), the text as printed, and where it comes from. A field
 * without a value prints "—（reason）", never a guess.
 *
 * @param source the indicator measure behind a computed number, or {@code null}
 * @param origin what the 数据来源 column shows (实测/导入/申报 with the provenance id, 表1, 签署栏 …)
 * @param note   why there is no value, or what the value depends on
 */
public record Figure(String id, String label, Double value, String text, NumberStyle style, FigureSource source,
                     String origin, String note) {

    /** A number in {@code style}, or "—（note）" without one. */
    public static Figure number(String id, String label, Double value, NumberStyle style, FigureSource source,
                                String origin, String note) {
        return new Figure(id, label, value, value == null ? Formats.missing(note) : style.format(value), style, source,
                origin, note);
    }

    /** A text field, or "—（reason）" when it is empty. */
    public static Figure text(String id, String label, String value, String origin, String reasonWhenEmpty) {
        boolean empty = value == null || value.isBlank();
        return new Figure(id, label, null, empty ? Formats.missing(reasonWhenEmpty) : value.strip(), null, null, origin,
                empty ? reasonWhenEmpty : null);
    }

    /** Whether the field holds a value (not a "—（reason）" placeholder). */
    public boolean filled() {
        return !text.startsWith(Formats.NO_VALUE);
    }
}
