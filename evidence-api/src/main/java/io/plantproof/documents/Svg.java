package io.plantproof.documents;

import io.plantproof.forms.Formats;
import io.plantproof.forms.NumberStyle;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Inline SVG charts for the HTML report, drawn from the data alone (no script, no external files):
 * daily lines by workshop, before/after bars with thresholds, and per-device coverage bars.
 */
final class Svg {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"};
    private static final int WIDTH = 760;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int GRID_LINES = 4;

    /** One dated value of one series. */
    record DayValue(LocalDate day, double value) {
    }

    /** An indicator's before/after pair; {@code threshold} is a rule bound on the current value, or {@code null}. */
    record Pair(String label, double baseline, double current, Double threshold, NumberStyle style) {
    }

    /** A labelled bar with a value in percent. */
    record Bar(String label, double percent) {
    }

    private Svg() {
    }

    /** Lines over the union of days, one per series, y from 0 to the largest value. */
    static String lines(String unit, Map<String, List<DayValue>> series, NumberStyle style) {
        TreeSet<LocalDate> days = new TreeSet<>();
        series.values().forEach(s -> s.forEach(p -> days.add(p.day())));
        List<LocalDate> axis = new ArrayList<>(days);
        double max = series.values().stream().flatMap(List::stream).mapToDouble(DayValue::value).max().orElse(0);
        double top = niceTop(max);
        int height = 260;
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = height - TOP - 60;
        StringBuilder svg = open(height);
        yGrid(svg, top, plotH, plotW, style, unit);
        int step = Math.max(1, axis.size() / 8);
        for (int i = 0; i < axis.size(); i += step) {
            double x = LEFT + xAt(i, axis.size(), plotW);
            svg.append(text(x, TOP + plotH + 16, "middle", axis.get(i).getMonthValue() + "/" + axis.get(i).getDayOfMonth()));
        }
        int k = 0;
        for (Map.Entry<String, List<DayValue>> s : series.entrySet()) {
            String colour = COLOURS[k % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (DayValue p : s.getValue()) {
                double x = LEFT + xAt(axis.indexOf(p.day()), axis.size(), plotW);
                double y = TOP + plotH - p.value() / top * plotH;
                points.append(num(x)).append(',').append(num(y)).append(' ');
                svg.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(y)).append("\" r=\"3\" fill=\"")
                        .append(colour).append("\"><title>").append(Html.escape(s.getKey() + " " + Formats.date(p.day())
                                + " " + style.format(p.value()) + " " + unit)).append("</title></circle>");
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
                    .append(points.toString().trim()).append("\"/>");
            double ly = height - 18;
            double lx = LEFT + k * 180;
            svg.append("<rect x=\"").append(num(lx)).append("\" y=\"").append(num(ly - 10)).append("\" width=\"14\" height=\"4\" fill=\"")
                    .append(colour).append("\"/>").append(text(lx + 20, ly - 4, "start", s.getKey()));
            k++;
        }
        return svg.append("</svg>").toString();
    }

    /** Horizontal before/after bars, each pair on its own scale (units differ), thresholds as red marks. */
    static String pairs(List<Pair> pairs) {
        int rowH = 54;
        int labelW = 230;
        int barW = WIDTH - labelW - 120;
        int height = TOP + pairs.size() * rowH + 10;
        StringBuilder svg = open(height);
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            double scale = Math.max(Math.max(Math.abs(p.baseline()), Math.abs(p.current())),
                    p.threshold() == null ? 0 : p.threshold());
            double y = TOP + i * rowH;
            svg.append(text(labelW - 8, y + 22, "end", p.label()));
            bar(svg, labelW, y + 4, barW, p.baseline(), scale, "#9aa5b1", "建设前 " + p.style().format(p.baseline()));
            bar(svg, labelW, y + 24, barW, p.current(), scale, "#1f77b4", "建设后 " + p.style().format(p.current()));
            if (p.threshold() != null && scale > 0) {
                double x = labelW + p.threshold() / scale * barW;
                svg.append("<line class=\"threshold\" x1=\"").append(num(x)).append("\" y1=\"").append(num(y))
                        .append("\" x2=\"").append(num(x)).append("\" y2=\"").append(num(y + 44))
                        .append("\" stroke=\"#d62728\" stroke-width=\"2\" stroke-dasharray=\"4 2\"><title>阈值 ")
                        .append(p.style().format(p.threshold())).append("</title></line>");
            }
        }
        return svg.append("</svg>").toString();
    }

    /** Vertical bars in percent (0–100) with the threshold drawn across as a dashed red line. */
    static String coverage(List<Bar> bars, double thresholdPercent) {
        int height = 280;
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = height - TOP - 70;
        StringBuilder svg = open(height);
        yGrid(svg, 100, plotH, plotW, NumberStyle.INTEGER, "%");
        double slot = bars.isEmpty() ? plotW : (double) plotW / bars.size();
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double h = Math.min(100, b.percent()) / 100 * plotH;
            double x = LEFT + i * slot + slot * 0.15;
            String colour = b.percent() >= thresholdPercent ? "#2ca02c" : "#ff7f0e";
            svg.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(TOP + plotH - h)).append("\" width=\"")
                    .append(num(slot * 0.7)).append("\" height=\"").append(num(h)).append("\" fill=\"").append(colour)
                    .append("\"><title>").append(Html.escape(b.label() + " " + NumberStyle.TWO_DECIMALS.format(b.percent()) + "%"))
                    .append("</title></rect>");
            svg.append(text(x + slot * 0.35, TOP + plotH + 16, "middle", b.label()));
        }
        double ty = TOP + plotH - thresholdPercent / 100 * plotH;
        svg.append("<line class=\"threshold\" x1=\"").append(LEFT).append("\" y1=\"").append(num(ty)).append("\" x2=\"")
                .append(LEFT + plotW).append("\" y2=\"").append(num(ty))
                .append("\" stroke=\"#d62728\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>")
                .append(text(LEFT + plotW, ty - 4, "end", "阈值 " + NumberStyle.TWO_DECIMALS.format(thresholdPercent) + "%"));
        return svg.append("</svg>").toString();
    }

    private static void bar(StringBuilder svg, double x, double y, double width, double value, double scale,
                            String colour, String label) {
        double w = scale <= 0 ? 0 : Math.max(0, value) / scale * width;
        svg.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                .append("\" height=\"16\" fill=\"").append(colour).append("\"/>")
                .append(text(x + w + 6, y + 13, "start", label));
    }

    private static void yGrid(StringBuilder svg, double top, int plotH, int plotW, NumberStyle style, String unit) {
        for (int g = 0; g <= GRID_LINES; g++) {
            double v = top * g / GRID_LINES;
            double y = TOP + plotH - (double) plotH * g / GRID_LINES;
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(num(y)).append("\" x2=\"").append(LEFT + plotW)
                    .append("\" y2=\"").append(num(y)).append("\" stroke=\"#ddd\"/>")
                    .append(text(LEFT - 6, y + 4, "end", style.format(v)));
        }
        svg.append(text(LEFT - 6, TOP - 6, "end", unit));
    }

    private static StringBuilder open(int height) {
        return new StringBuilder("<svg viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" width=\"")
                .append(WIDTH).append("\" height=\"").append(height).append("\" role=\"img\">");
    }

    private static String text(double x, double y, String anchor, String value) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\">" + Html.escape(value) + "</text>";
    }

    private static double xAt(int index, int count, int plotW) {
        return count <= 1 ? plotW / 2.0 : (double) index / (count - 1) * plotW;
    }

    /** A round upper bound for the axis: 1, 2 or 5 times a power of ten at or above the maximum. */
    static double niceTop(double max) {
        if (max <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= max) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
