package org.popgate.audit.log;

import org.popgate.audit.event.AuditEvent;

/** An event with its position (leaf index) in the log. */
public record LoggedEvent(long seq, AuditEvent event) {}
