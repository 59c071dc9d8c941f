package org.popgate.gateway.console.audit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A stacked bar chart (one bar per day, one colour per member) laid out on the server: the page draws these
 * rectangles as inline SVG, with no script and no chart library.
 */
record BarChart(int width, int height, List<Rect> bars, List<Label> days, List<Label> scale, List<Legend> legend,
        long total) {

    private static final String[] PALETTE = {"#1f6fb2", "#d9822b", "#3d9970", "#b03a48", "#7b5ea7", "#8c6d31",
        "#2b8a9e", "#6b6b6b"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 260;
    private static final int LEFT = 44;
    private static final int BOTTOM = 36;
    private static final int TOP = 12;

    /** Lays out {@code counts} (day → member → count) over {@code days}, oldest first. */
    static BarChart of(List<LocalDate> days, Map<LocalDate, Map<String, Long>> counts) {
        SortedSet<String> members = new TreeSet<>();
        counts.values().forEach(m -> members.addAll(m.keySet()));
        List<String> order = List.copyOf(members);
        long max = 1;
        long total = 0;
        for (Map<String, Long> day : counts.values()) {
            long sum = day.values().stream().mapToLong(Long::longValue).sum();
            max = Math.max(max, sum);
            total += sum;
        }
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = (WIDTH - LEFT - 8) / (double) days.size();
        int barWidth = (int) Math.max(4, slot * 0.7);
        List<Rect> bars = new ArrayList<>();
        List<Label> dayLabels = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            LocalDate day = days.get(i);
            int x = (int) (LEFT + i * slot + (slot - barWidth) / 2);
            double base = HEIGHT - BOTTOM;
            Map<String, Long> perMember = counts.getOrDefault(day, Map.of());
            for (int m = 0; m < order.size(); m++) {
                long n = perMember.getOrDefault(order.get(m), 0L);
                if (n == 0) {
                    continue;
                }
                double h = plotHeight * n / max;
                base -= h;
                bars.add(new Rect(x, (int) Math.round(base), barWidth, (int) Math.max(1, Math.round(h)),
                        colour(m), day + " " + order.get(m) + ": " + n));
            }
            if (days.size() <= 16 || i % 2 == 0) {
                dayLabels.add(new Label(x + barWidth / 2, HEIGHT - BOTTOM + 16, day.toString().substring(5)));
            }
        }
        List<Label> scale = List.of(new Label(LEFT - 6, HEIGHT - BOTTOM + 4, "0"),
                new Label(LEFT - 6, (int) (TOP + plotHeight / 2) + 4, max % 2 == 0 ? Long.toString(max / 2) : ""),
                new Label(LEFT - 6, TOP + 4, Long.toString(max)));
        List<Legend> legend = new ArrayList<>();
        for (int m = 0; m < order.size(); m++) {
            legend.add(new Legend(order.get(m), colour(m)));
        }
        return new BarChart(WIDTH, HEIGHT, bars, dayLabels, scale, legend, total);
    }

    private static String colour(int i) {
        return PALETTE[i % PALETTE.length];
    }

    public int axisY() {
        return HEIGHT - BOTTOM;
    }

    public int axisX() {
        return LEFT;
    }

    record Rect(int x, int y, int w, int h, String fill, String title) {}

    record Label(int x, int y, String text) {}

    record Legend(String member, String fill) {}
}
