package org.popgate.gateway.alerts;

import java.time.Instant;

/** An alert raised by a rule: what (rule), about whom (subject: an account name or member), and its handling. */
record Alert(long id, String rule, String subject, String detail, String status, Instant raisedAt, Long auditSeq,
        String acknowledgedBy, Instant acknowledgedAt) {}
