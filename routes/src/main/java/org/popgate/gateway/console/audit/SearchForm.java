package org.popgate.gateway.console.audit;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import org.popgate.audit.event.EventType;
import org.popgate.audit.store.AuditQuery;

/**
 * The audit search form (posted, so names typed into it stay out of URLs): dates in UTC, inclusive; blank
 * fields match anything; {@code after} pages on from the last sequence number shown.
 */
class SearchForm {

    static final int PAGE = 100;

    private LocalDate from;
    private LocalDate to;
    private String actor;
    private String member;
    private String department;
    private String type;
    private String approvalId;
    private String exchangeId;
    private long after = -1;

    AuditQuery query() {
        AuditQuery q = AuditQuery.all().page(after, PAGE).byPerson(blank(actor)).byMember(blank(member))
                .byDepartment(blank(department)).byApproval(blank(approvalId)).byExchange(blank(exchangeId))
                .between(from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                        to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        EventType t = blank(type) == null ? null : EventType.ofCode(type.strip());
        return t == null ? q : q.ofTypes(Set.of(t));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public LocalDate getFrom() { return from; }
    public void setFrom(LocalDate from) { this.from = from; }
    public LocalDate getTo() { return to; }
    public void setTo(LocalDate to) { this.to = to; }
    public String getActor() { return actor; }
    public void setActor(String actor) { this.actor = actor; }
    public String getMember() { return member; }
    public void setMember(String member) { this.member = member; }
    public String getDepartment() { return department; }
    public void setDepartment(String department) { this.department = department; }
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getApprovalId() { return approvalId; }
    public void setApprovalId(String approvalId) { this.approvalId = approvalId; }
    public String getExchangeId() { return exchangeId; }
    public void setExchangeId(String exchangeId) { this.exchangeId = exchangeId; }
    public long getAfter() { return after; }
    public void setAfter(long after) { this.after = after; }
}
