package org.popgate.gateway.console.approvals;

import java.util.ArrayList;
import java.util.List;
import org.popgate.adapters.feed.quality.QualityFigures;
import org.popgate.adapters.feedstore.PopulationQuality;
import org.springframework.stereotype.Service;

/**
 * The quality trend per township: the figures issue F stores after every applied feed
 * ({@link PopulationQuality#trend}, the same rows {@code GET /api/v1/feeds/quality/{area}/trend} answers with),
 * drawn as one chart per township (completeness, accuracy, logic-error rate) with its table of figures.
 */
@Service
class QualityTrends {

    /** Snapshots per township shown (the newest). */
    static final int POINTS = 30;

    private final PopulationQuality quality;

    QualityTrends(PopulationQuality quality) {
        this.quality = quality;
    }

    /** One snapshot's figures of a township. */
    record Point(long snapshot, String takenAt, QualityFigures figures) {

        public String completeness() {
            return TrendChart.percent(figures.completenessRate());
        }

        public String accuracy() {
            return TrendChart.percent(figures.accuracyRate());
        }

        public String logicErrors() {
            return TrendChart.percent(figures.logicErrorRate());
        }
    }

    /** One township's trend. */
    record Township(String area, List<Point> points, TrendChart chart) {

        public QualityFigures latest() {
            return points.get(points.size() - 1).figures();
        }
    }

    List<Township> townships() {
        List<Township> out = new ArrayList<>();
        for (String area : quality.snapshotAreas("TOWNSHIP")) {
            List<Point> points = new ArrayList<>();
            List<String> ticks = new ArrayList<>();
            List<Double> completeness = new ArrayList<>();
            List<Double> accuracy = new ArrayList<>();
            List<Double> logic = new ArrayList<>();
            for (PopulationQuality.Snapshot s : quality.trend(area, POINTS)) {
                if (!"TOWNSHIP".equals(s.level())) {
                    continue;
                }
                String at = s.takenAt().toString();
                points.add(new Point(s.snapshotId(), at.substring(0, Math.min(19, at.length())).replace('T', ' '),
                        s.figures()));
                ticks.add("#" + s.snapshotId());
                completeness.add(s.figures().completenessRate());
                accuracy.add(s.figures().accuracyRate());
                logic.add(s.figures().logicErrorRate());
            }
            if (!points.isEmpty()) {
                out.add(new Township(area, points, TrendChart.of(ticks, List.of(
                        new TrendChart.Series("completeness", "#1f6fb2", completeness),
                        new TrendChart.Series("accuracy", "#3d9970", accuracy),
                        new TrendChart.Series("logic-errors", "#b03a48", logic)))));
            }
        }
        return out;
    }
}
