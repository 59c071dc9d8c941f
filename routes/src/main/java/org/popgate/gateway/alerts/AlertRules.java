package org.popgate.gateway.alerts;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventCategory;
import org.popgate.audit.event.EventType;

/**
 * The alert rules, fed audit events in log order: denial bursts per caller within a window, logins outside
 * working hours, attempts by a revoked member, and integrity alarms. Plain state, no I/O: the engine stores
 * and audits what they raise. Not thread-safe: one engine thread feeds it.
 */
final class AlertRules {

    static final String DENIAL_BURST = "denial_burst";
    static final String OFF_HOURS = "off_hours_access";
    static final String REVOKED_MEMBER = "revoked_member_access";
    static final String INTEGRITY = "integrity_alarm";
    static final String BIG_PULL = "big_pull";
    static final String FREQUENT_PULLS = "frequent_pulls";
    static final String ID_ENUMERATION = "id_enumeration";
    static final String RECEIPT_OVERDUE = "receipt_overdue";
    static final String MIGRANT_OVERDUE = "migrant_overdue";
    static final String MIGRANT_ESCALATED = "migrant_escalated";
    static final String PEER_CHECKPOINT_REFUSED = "peer_checkpoint_refused";

    /** What a rule raised: the rule, about whom, and a sentence without personal data. */
    record Raised(String rule, String subject, String detail) {}

    private final AlertProperties properties;
    private final Map<String, Deque<Instant>> denials = new HashMap<>();
    private final Map<String, Instant> lastRaised = new HashMap<>();
    private final Map<String, Deque<Instant>> pulls = new HashMap<>();
    private final Map<String, Deque<Instant>> misses = new HashMap<>();

    AlertRules(AlertProperties properties) {
        this.properties = properties;
    }

    List<Raised> apply(AuditEvent event) {
        List<Raised> raised = new ArrayList<>();
        if (event.type().category() == EventCategory.ALERT) {
            return raised;
        }
        String subject = subject(event);
        Instant at = event.occurredAt();
        if (event.type() == EventType.ACCESS_DENIED || event.type() == EventType.LOGIN_FAILED) {
            Deque<Instant> times = denials.computeIfAbsent(subject, k -> new ArrayDeque<>());
            times.addLast(at);
            while (!times.isEmpty() && times.peekFirst().isBefore(at.minus(properties.denialBurstWindow()))) {
                times.removeFirst();
            }
            if (times.size() >= properties.denialBurstThreshold() && once(DENIAL_BURST, subject, at)) {
                raised.add(new Raised(DENIAL_BURST, subject, times.size() + " denied requests or failed logins within "
                        + properties.denialBurstWindow()));
                times.clear();
            }
            if ("member_revoked".equals(event.reason()) && once(REVOKED_MEMBER, subject, at)) {
                raised.add(new Raised(REVOKED_MEMBER, subject, "A revoked member or a person bound to one tried to call."));
            }
        }
        if (event.type() == EventType.LOGIN_SUCCEEDED && properties.offHours() && offHours(at)
                && onceADay(subject, at)) {
            raised.add(new Raised(OFF_HOURS, subject, "Login outside working hours."));
        }
        pullRules(event, at, raised);
        if (event.type() == EventType.MIGRANT_MESSAGE_OVERDUE) {
            boolean escalated = "escalated".equals(event.operation());
            raised.add(new Raised(escalated ? MIGRANT_ESCALATED : MIGRANT_OVERDUE,
                    "member:" + event.attributes().getOrDefault("alert_to", "?"),
                    (escalated ? "A migrant message is unanswered well past its deadline, escalated: "
                            : "A migrant message is past its answer deadline: ") + event.exchangeId() + "."));
        }
        if (event.type() == EventType.INTEGRITY_ALARM_RAISED) {
            raised.add(new Raised(INTEGRITY, "audit-log", "The audit log's integrity alarm was raised: "
                    + event.reason() + "."));
        }
        if (event.type() == EventType.PEER_CHECKPOINT_REFUSED) {
            String peer = event.attributes().getOrDefault("peer", "?");
            raised.add(new Raised(PEER_CHECKPOINT_REFUSED, "member:" + peer, "A checkpoint of peer gateway " + peer
                    + " was refused as its witness (" + event.reason() + "): its audit log may be rewritten or forked."));
        }
        return raised;
    }

    /** Pulls (issue E): big and frequent pulls per department, ID enumeration through lookups, overdue receipts. */
    private void pullRules(AuditEvent event, Instant at, List<Raised> raised) {
        String member = event.attributes().get("member");
        String subject = "member:" + member;
        if (event.type() == EventType.EXCHANGE_SELECTED && "pull".equals(event.flow())) {
            long records = event.recordCount() == null ? 0 : event.recordCount();
            if (records >= properties.bigPullRecords()) {
                raised.add(new Raised(BIG_PULL, subject, "A pull of " + records + " records (exchange "
                        + event.exchangeId() + ")."));
            }
            if (within(pulls, member, at, properties.frequentPullWindow()) >= properties.frequentPulls()
                    && once(FREQUENT_PULLS, subject, at)) {
                raised.add(new Raised(FREQUENT_PULLS, subject, properties.frequentPulls() + " or more pulls within "
                        + properties.frequentPullWindow()));
                pulls.get(member).clear();
            }
        }
        if (event.type() == EventType.EXCHANGE_SELECTED && "pull.lookup".equals(event.flow())
                && "false".equals(event.attributes().get("found"))) {
            if (within(misses, member, at, properties.enumerationWindow()) >= properties.enumerationMisses()
                    && once(ID_ENUMERATION, subject, at)) {
                raised.add(new Raised(ID_ENUMERATION, subject, properties.enumerationMisses()
                        + " or more lookups for ID numbers that match nobody within " + properties.enumerationWindow()));
                misses.get(member).clear();
            }
        }
        if (event.type() == EventType.EXCHANGE_RECEIPT_OVERDUE) {
            raised.add(new Raised(RECEIPT_OVERDUE, subject, "No receipt in time for exchange " + event.exchangeId() + "."));
        }
    }

    private static int within(Map<String, Deque<Instant>> counts, String key, Instant at, java.time.Duration window) {
        Deque<Instant> times = counts.computeIfAbsent(key, k -> new ArrayDeque<>());
        times.addLast(at);
        while (!times.isEmpty() && times.peekFirst().isBefore(at.minus(window))) {
            times.removeFirst();
        }
        return times.size();
    }

    private boolean once(String rule, String subject, Instant at) {
        String key = rule + "|" + subject;
        Instant last = lastRaised.get(key);
        if (last != null && at.isBefore(last.plus(properties.denialBurstWindow()))) {
            return false;
        }
        lastRaised.put(key, at);
        return true;
    }

    private boolean onceADay(String subject, Instant at) {
        String key = OFF_HOURS + "|" + subject + "|" + LocalDate.ofInstant(at, properties.zone());
        return lastRaised.putIfAbsent(key, at) == null;
    }

    private boolean offHours(Instant at) {
        ZonedDateTime local = at.atZone(properties.zone());
        DayOfWeek day = local.getDayOfWeek();
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY
                || local.toLocalTime().isBefore(properties.workdayStart())
                || !local.toLocalTime().isBefore(properties.workdayEnd());
    }

    private static String subject(AuditEvent event) {
        if (event.actor().person() != null) {
            return "person:" + event.actor().person();
        }
        return "member:" + event.actor().member();
    }
}
