package org.popgate.gateway.console.audit;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventCategory;
import org.popgate.audit.event.EventType;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.LoggedEvent;
import org.popgate.audit.store.AuditQuery;
import org.springframework.stereotype.Service;

/**
 * Charts drawn from the audit log over the last {@link #DAYS} days (UTC): exchanges per day per member (each
 * exchange id counted once, on the day of its first event: pulls, feeds and migrant messages), feed rejections
 * per day per member, and migrant queries that went overdue per day per office.
 */
@Service
class ActivityCharts {

    static final int DAYS = 14;

    private final AuditLog auditLog;
    private final Clock clock;

    ActivityCharts(AuditLog auditLog) {
        this.auditLog = auditLog;
        this.clock = Clock.systemUTC();
    }

    BarChart exchangesPerDay() {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (EventType t : EventType.values()) {
            if (t.category() == EventCategory.EXCHANGE || t.category() == EventCategory.FEED
                    || t.category() == EventCategory.MIGRANT) {
                types.add(t);
            }
        }
        Set<String> seen = new HashSet<>();
        return chart(types, e -> e.exchangeId() != null && seen.add(e.exchangeId()));
    }

    BarChart feedRejectionsPerDay() {
        return chart(EnumSet.of(EventType.FEED_REJECTED), e -> true);
    }

    BarChart overdueQueriesPerDay() {
        return chart(EnumSet.of(EventType.MIGRANT_MESSAGE_OVERDUE), e -> true);
    }

    private BarChart chart(Set<EventType> types, Predicate<AuditEvent> counted) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<LocalDate> days = new ArrayList<>();
        for (int i = DAYS - 1; i >= 0; i--) {
            days.add(today.minusDays(i));
        }
        AuditQuery query = AuditQuery.all().ofTypes(types)
                .between(days.get(0).atStartOfDay(ZoneOffset.UTC).toInstant(), null);
        Map<LocalDate, Map<String, Long>> counts = new TreeMap<>();
        long after = -1;
        while (true) {
            List<LoggedEvent> page = auditLog.query(query.page(after, 1000));
            for (LoggedEvent logged : page) {
                AuditEvent e = logged.event();
                if (counted.test(e)) {
                    counts.computeIfAbsent(LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC), d -> new TreeMap<>())
                            .merge(member(e), 1L, Long::sum);
                }
            }
            if (page.size() < 1000) {
                break;
            }
            after = page.get(page.size() - 1).seq();
        }
        return BarChart.of(days, counts);
    }

    /** The member an event concerns: a named recipient or member, else the member or department that acted. */
    static String member(AuditEvent e) {
        for (String key : List.of("recipient", "member")) {
            String named = e.attributes().get(key);
            if (named != null) {
                return named;
            }
        }
        if (e.actor().member() != null && !"system".equals(e.actor().role())) {
            return e.actor().member();
        }
        return e.actor().department() != null ? e.actor().department() : "-";
    }
}
