package org.popgate.gateway.console.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart layout: bars stack per day, heights scale to the busiest day, each member keeps one colour. */
class BarChartTests {

    private static final List<LocalDate> DAYS = List.of(LocalDate.of(2026, 11, 27), LocalDate.of(2026, 11, 28));

    @Test
    void stacksMembersPerDayAndScalesToTheBusiestDay() {
        BarChart chart = BarChart.of(DAYS, Map.of(
                DAYS.get(0), Map.of("431128.health", 1L),
                DAYS.get(1), Map.of("431128.health", 2L, "431128.police", 2L)));

        assertThat(chart.total()).isEqualTo(5);
        assertThat(chart.bars()).hasSize(3);
        BarChart.Rect first = chart.bars().get(0);
        BarChart.Rect health = chart.bars().get(1);
        BarChart.Rect police = chart.bars().get(2);
        // The busiest day (4) fills the plot; the first day's single exchange is a quarter of it.
        assertThat(health.h() + police.h()).isEqualTo(chart.axisY() - 12);
        assertThat(first.h()).isEqualTo((health.h() + police.h()) / 4);
        assertThat(police.y() + police.h()).isEqualTo(health.y());
        assertThat(health.y() + health.h()).isEqualTo(chart.axisY());
        assertThat(first.fill()).isEqualTo(health.fill()).isNotEqualTo(police.fill());
        assertThat(chart.legend()).extracting(BarChart.Legend::member).containsExactly("431128.health", "431128.police");
        assertThat(chart.scale()).extracting(BarChart.Label::text).containsExactly("0", "2", "4");
    }

    @Test
    void anEmptyPeriodDrawsNoBars() {
        BarChart chart = BarChart.of(DAYS, Map.of());
        assertThat(chart.total()).isZero();
        assertThat(chart.bars()).isEmpty();
        assertThat(chart.days()).hasSize(2);
    }
}
