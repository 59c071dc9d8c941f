package org.popgate.audit.store;

import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.SubjectIndex;

/** An event ready to append: the event, its canonical bytes (the leaf), their leaf hash, its subjects. */
public record PendingRow(AuditEvent event, byte[] leaf, byte[] leafHash, SubjectIndex subjects) {}
