package io.plantproof.documents;

import io.plantproof.forms.NumberStyle;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * PNG charts for the DOCX, drawn with Java2D in a font that has the Chinese glyphs (Noto CJK, WenQuanYi,
 * SimSun … whichever is installed): a daily line before vs after, and per-device coverage bars with the
 * threshold. The HTML report draws the same data as inline SVG.
 */
final class Charts {

    /** Pixel size of every chart; the DOCX scales it to the text width. */
    static final int WIDTH = 1200;
    static final int HEIGHT = 560;

    private static final String SAMPLE = "设备综合效率建设前后";
    private static final List<String> PREFERRED = List.of("Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei",
            "WenQuanYi Zen Hei", "Source Han Sans SC", "Microsoft YaHei", "SimHei", "SimSun", "PingFang SC");
    private static final Color BEFORE = new Color(0x9AA5B1);
    private static final Color AFTER = new Color(0x1F77B4);
    private static final Color PASS = new Color(0x2CA02C);
    private static final Color SHORT = new Color(0xFF7F0E);
    private static final Color THRESHOLD = new Color(0xD62728);
    private static final int LEFT = 110;
    private static final int RIGHT = 40;
    private static final int TOP = 70;
    private static final int BOTTOM = 110;

    /** One series of daily values; {@code null} values are gaps. */
    record Series(String name, List<Double> values) {
    }

    /** One bar in percent. */
    record Bar(String label, double percent) {
    }

    private Charts() {
    }

    /** The CJK family, looked up once: listing the installed fonts takes seconds. */
    private static final class Family {
        static final String NAME = lookUp();
    }

    static String cjkFamily() {
        return Family.NAME;
    }

    /** The first installed font family that draws Chinese, or the logical sans-serif (fontconfig picks one). */
    private static String lookUp() {
        List<String> installed = List.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
        for (String family : PREFERRED) {
            if (installed.contains(family) && new Font(family, Font.PLAIN, 12).canDisplayUpTo(SAMPLE) < 0) {
                return family;
            }
        }
        return Font.SANS_SERIF;
    }

    /** Daily lines by day number of the period (第1天, 第2天 …): 建设前 grey, 建设后 blue. */
    static byte[] trend(String title, String unit, Series before, Series after, NumberStyle style) {
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        title(g, title);
        int days = Math.max(before.values().size(), after.values().size());
        double max = java.util.stream.Stream.of(before, after).flatMap(s -> s.values().stream())
                .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).max().orElse(0);
        double top = Svg.niceTop(max);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        yAxis(g, top, unit, style);
        g.setFont(g.getFont().deriveFont(20f));
        int step = Math.max(1, days / 10);
        for (int d = 0; d < days; d += step) {
            String label = "第" + (d + 1) + "天";
            int x = LEFT + xAt(d, days, plotW);
            g.setColor(Color.DARK_GRAY);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 30);
        }
        line(g, before, BEFORE, days, top, plotW, plotH);
        line(g, after, AFTER, days, top, plotW, plotH);
        legend(g, List.of(before.name(), after.name()), List.of(BEFORE, AFTER));
        return png(img, g);
    }

    /** Bars per device (0–100 %) with the threshold across as a dashed red line; bars below it orange. */
    static byte[] coverage(String title, List<Bar> bars, double thresholdPercent) {
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        title(g, title);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        yAxis(g, 100, "%", NumberStyle.INTEGER);
        double slot = bars.isEmpty() ? plotW : (double) plotW / bars.size();
        g.setFont(g.getFont().deriveFont(bars.size() > 12 ? 14f : 18f));
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int h = (int) Math.round(Math.min(100, Math.max(0, b.percent())) / 100 * plotH);
            int x = (int) Math.round(LEFT + i * slot + slot * 0.15);
            g.setColor(b.percent() >= thresholdPercent ? PASS : SHORT);
            g.fillRect(x, TOP + plotH - h, (int) Math.round(slot * 0.7), h);
            g.setColor(Color.DARK_GRAY);
            String value = NumberStyle.ONE_DECIMAL.format(b.percent());
            g.drawString(value, x + (int) (slot * 0.35) - g.getFontMetrics().stringWidth(value) / 2, TOP + plotH - h - 6);
            g.drawString(b.label(), x + (int) (slot * 0.35) - g.getFontMetrics().stringWidth(b.label()) / 2, TOP + plotH + 28);
        }
        int y = TOP + plotH - (int) Math.round(thresholdPercent / 100 * plotH);
        g.setColor(THRESHOLD);
        g.setStroke(new BasicStroke(3, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {14, 8}, 0));
        g.drawLine(LEFT, y, LEFT + plotW, y);
        g.setFont(g.getFont().deriveFont(20f));
        String label = "阈值 " + NumberStyle.TWO_DECIMALS.format(thresholdPercent) + "%";
        g.drawString(label, LEFT + plotW - g.getFontMetrics().stringWidth(label), y - 8);
        legend(g, List.of("达到阈值", "未达阈值"), List.of(PASS, SHORT));
        return png(img, g);
    }

    private static BufferedImage canvas() {
        return new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(cjkFamily(), Font.PLAIN, 20));
        return g;
    }

    private static void title(Graphics2D g, String title) {
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 28f));
        g.drawString(title, (WIDTH - g.getFontMetrics().stringWidth(title)) / 2, 42);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 20f));
    }

    private static void yAxis(Graphics2D g, double top, String unit, NumberStyle style) {
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        g.setFont(g.getFont().deriveFont(18f));
        for (int k = 0; k <= 4; k++) {
            int y = TOP + plotH - plotH * k / 4;
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String v = style.format(top * k / 4);
            g.drawString(v, LEFT - 10 - g.getFontMetrics().stringWidth(v), y + 6);
        }
        g.drawString(unit, LEFT - 10 - g.getFontMetrics().stringWidth(unit), TOP - 16);
    }

    private static void line(Graphics2D g, Series s, Color colour, int days, double top, int plotW, int plotH) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(4));
        Path2D path = new Path2D.Double();
        boolean drawing = false;
        for (int d = 0; d < s.values().size(); d++) {
            Double v = s.values().get(d);
            if (v == null) {
                drawing = false;
                continue;
            }
            double x = LEFT + xAt(d, days, plotW);
            double y = TOP + plotH - v / top * plotH;
            if (drawing) {
                path.lineTo(x, y);
            } else {
                path.moveTo(x, y);
                drawing = true;
            }
            g.fillOval((int) x - 6, (int) y - 6, 12, 12);
        }
        g.draw(path);
        g.setStroke(new BasicStroke(1));
    }

    private static void legend(Graphics2D g, List<String> names, List<Color> colours) {
        g.setFont(g.getFont().deriveFont(20f));
        int x = LEFT;
        int y = HEIGHT - 30;
        for (int i = 0; i < names.size(); i++) {
            g.setColor(colours.get(i));
            g.fillRect(x, y - 14, 36, 14);
            g.setColor(Color.DARK_GRAY);
            g.drawString(names.get(i), x + 46, y);
            x += 60 + g.getFontMetrics().stringWidth(names.get(i)) + 40;
        }
    }

    private static int xAt(int index, int count, int plotW) {
        return count <= 1 ? plotW / 2 : (int) Math.round((double) index / (count - 1) * plotW);
    }

    private static byte[] png(BufferedImage img, Graphics2D g) {
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("chart could not be encoded as PNG", e);
        }
    }
}
