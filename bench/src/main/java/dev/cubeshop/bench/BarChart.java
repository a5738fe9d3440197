package dev.cubeshop.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A grouped bar chart as a self-contained SVG: one group per category, one bar per series, values labelled. */
final class BarChart {
    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
            "#b07aa1"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 80;

    private final String title;
    private final String unit;
    private final List<String> categories;
    private final List<String> series = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();

    BarChart(String title, String unit, List<String> categories) {
        this.title = title;
        this.unit = unit;
        this.categories = categories;
    }

    /** One series: a value per category (NaN: no bar). */
    BarChart series(String name, double... perCategory) {
        series.add(name);
        values.add(perCategory);
        return this;
    }

    String svg() {
        double max = values.stream().flatMapToDouble(java.util.Arrays::stream).filter(v -> !Double.isNaN(v)).max()
                .orElse(1);
        double step = niceStep(max / 5);
        double top = Math.max(step, Math.ceil(max / step) * step);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", LEFT, escape(title)));
        for (double tick = 0; tick <= top + step / 2; tick += step) {
            double y = TOP + plotHeight - tick / top * plotHeight;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%s</text>%n",
                    LEFT, WIDTH - RIGHT, y, y, LEFT - 6, y + 4, number(tick)));
        }
        svg.append(String.format(Locale.ROOT,
                "<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n",
                TOP + plotHeight / 2, escape(unit)));
        double groupWidth = (double) plotWidth / categories.size();
        double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        for (int c = 0; c < categories.size(); c++) {
            double groupX = LEFT + c * groupWidth + groupWidth * 0.1;
            for (int s = 0; s < series.size(); s++) {
                double value = c < values.get(s).length ? values.get(s)[c] : Double.NaN;
                if (Double.isNaN(value)) {
                    continue;
                }
                double h = value / top * plotHeight;
                double x = groupX + s * barWidth;
                double y = TOP + plotHeight - h;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s, %s: %s %s"
                                + "</title></rect>%n",
                        x, y, barWidth - 2, h, COLOURS[s % COLOURS.length], escape(series.get(s)),
                        escape(categories.get(c)), number(value), escape(unit)));
                if (barWidth >= 24) {
                    svg.append(String.format(Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">%s</text>%n",
                            x + (barWidth - 2) / 2, y - 3, number(value)));
                }
            }
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    LEFT + c * groupWidth + groupWidth / 2,
                    TOP + plotHeight + 18, escape(categories.get(c))));
        }
        double legendX = LEFT;
        int legendY = HEIGHT - 28;
        for (int s = 0; s < series.size(); s++) {
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                            + "<text x=\"%.1f\" y=\"%d\">%s</text>%n",
                    legendX, legendY, COLOURS[s % COLOURS.length], legendX + 16, legendY + 10,
                    escape(series.get(s))));
            legendX += 28 + series.get(s).length() * 7;
        }
        return svg.append("</svg>\n").toString();
    }

    private static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    static String number(double value) {
        if (value >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
