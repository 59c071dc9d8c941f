package org.popgate.gateway.console.approvals;

import java.util.ArrayList;
import java.util.List;

/**
 * A small line chart of rates (0–100 %) across snapshots, laid out on the server for inline SVG: one line per
 * measure, one dot per snapshot with its value as tooltip. No script, no chart library.
 */
record TrendChart(int width, int height, List<Line> lines, List<Label> labels) {

    static final int WIDTH = 560;
    static final int HEIGHT = 200;
    private static final int LEFT = 40;
    private static final int RIGHT = 12;
    private static final int TOP = 10;
    private static final int BOTTOM = 24;

    /** One measure's line: its SVG points and its dots. */
    record Line(String measure, String colour, String points, List<Dot> dots) {}

    record Dot(int x, int y, String title) {}

    record Label(int x, int y, String text, String anchor) {}

    /** One measure's values (fractions 0..1) in snapshot order. */
    record Series(String measure, String colour, List<Double> values) {}

    /** Lays out {@code series} over {@code ticks} (one label per snapshot, oldest first). */
    static TrendChart of(List<String> ticks, List<Series> series) {
        int n = ticks.size();
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        List<Line> lines = new ArrayList<>();
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            List<Dot> dots = new ArrayList<>();
            for (int i = 0; i < s.values().size(); i++) {
                int x = x(i, n, plotWidth);
                int y = (int) Math.round(TOP + plotHeight * (1 - clamp(s.values().get(i))));
                points.append(i == 0 ? "" : " ").append(x).append(',').append(y);
                dots.add(new Dot(x, y, ticks.get(i) + " " + s.measure() + ": " + percent(s.values().get(i))));
            }
            lines.add(new Line(s.measure(), s.colour(), points.toString(), dots));
        }
        List<Label> labels = new ArrayList<>();
        labels.add(new Label(LEFT - 4, TOP + 4, "100%", "end"));
        labels.add(new Label(LEFT - 4, (int) (TOP + plotHeight / 2) + 4, "50%", "end"));
        labels.add(new Label(LEFT - 4, HEIGHT - BOTTOM + 4, "0%", "end"));
        int every = Math.max(1, (int) Math.ceil(n / 8.0));
        for (int i = 0; i < n; i += every) {
            labels.add(new Label(x(i, n, plotWidth), HEIGHT - 6, ticks.get(i), "middle"));
        }
        return new TrendChart(WIDTH, HEIGHT, lines, labels);
    }

    /** A fraction as the pages print it: one decimal of a per cent. */
    static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", fraction * 100);
    }

    public int axisX() {
        return LEFT;
    }

    public int axisY() {
        return HEIGHT - BOTTOM;
    }

    private static int x(int i, int n, double plotWidth) {
        return (int) Math.round(LEFT + (n <= 1 ? plotWidth / 2 : plotWidth * i / (n - 1)));
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }
}
