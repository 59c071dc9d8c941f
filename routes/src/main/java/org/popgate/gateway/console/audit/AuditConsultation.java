package org.popgate.gateway.console.audit;

import java.io.Writer;
import java.util.HexFormat;
import java.util.List;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.SubjectHash;
import org.popgate.audit.event.SubjectHasher;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.store.AuditQuery;
import org.popgate.crypto.idnumber.IdCheck;
import org.popgate.crypto.idnumber.IdNumbers;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.audit.AuditEvidence;
import org.popgate.gateway.security.Caller;
import org.springframework.stereotype.Service;

/**
 * What a security officer reads in the audit trail, each reading itself audited first (AUDIT_CONSULTED; when the
 * audit log cannot record it, nothing is shown): event search, "who accessed this person", evidence export. A
 * person looked up is recorded only as the keyed hash in the consultation's subject index, so the lookup shows in
 * that person's own history.
 */
@Service
class AuditConsultation {

    static final int MAX_SUBJECT_EVENTS = 1000;
    static final int MAX_EXPORT_EVENTS = 10_000;

    private final AuditLog auditLog;
    private final SubjectHasher hasher;
    private final AuditEvidence evidence;

    AuditConsultation(AuditLog auditLog, SubjectHasher hasher, AuditEvidence evidence) {
        this.auditLog = auditLog;
        this.hasher = hasher;
        this.evidence = evidence;
    }

    List<EventRow> search(SearchForm form, Caller.Person officer) {
        record(officer, "event_search", SubjectIndex.empty(), 0);
        return auditLog.query(form.query()).stream().map(EventRow::of).toList();
    }

    /**
     * Every event whose subject index holds the person with this ID number (as typed: spaces, full-width digits,
     * a lower-case x and the 15-digit legacy form are normalised as GB 11643 says; a number that fails its checks
     * is still looked up as typed, since records can carry such numbers).
     */
    Lookup lookUp(String typed, Caller.Person officer) {
        String normalised = IdNumbers.normalise(typed);
        if (normalised.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED);
        }
        IdCheck check = IdNumbers.withShippedAreas().check(normalised);
        SubjectHash hash = hasher.hash(check instanceof IdCheck.Valid valid ? valid.id().value() : normalised);
        record(officer, "subject_lookup", SubjectIndex.of(auditLog.suite(), List.of(hash)), 0);
        List<EventRow> events = auditLog.query(AuditQuery.all().bySubject(hash).page(-1, MAX_SUBJECT_EVENTS + 1))
                .stream().map(EventRow::of).toList();
        boolean more = events.size() > MAX_SUBJECT_EVENTS;
        return new Lookup(check.isValid(), HexFormat.of().formatHex(hash.value(), 0, 6),
                more ? events.subList(0, MAX_SUBJECT_EVENTS) : events, more);
    }

    /** Writes the export of these events for the offline verifier; the export itself is audited first. */
    void export(List<Long> seqs, Caller.Person officer, Writer out) {
        requireExportable(seqs);
        record(officer, "evidence_export", SubjectIndex.empty(), seqs.size());
        evidence.export(seqs, out);
    }

    /** Refuses an empty, oversized or nonsensical selection (validation_failed). */
    static void requireExportable(List<Long> seqs) {
        if (seqs.isEmpty() || seqs.size() > MAX_EXPORT_EVENTS || seqs.stream().anyMatch(s -> s == null || s < 0)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED);
        }
    }

    String certificateFingerprint() {
        return evidence.certificateFingerprint();
    }

    private void record(Caller.Person officer, String operation, SubjectIndex subjects, long records) {
        AuditEvent.Builder event = AuditEvent.builder(EventType.AUDIT_CONSULTED)
                .actor(officer.actor())
                .operation(operation)
                .subjects(subjects);
        if (records > 0) {
            event.recordCount(records);
        }
        auditLog.append(event.build(), subjects);
    }

    /** A lookup's answer: whether the number passed GB 11643, a short reference to its hash, and the events. */
    record Lookup(boolean validIdNumber, String subjectReference, List<EventRow> events, boolean more) {
        public long bulkCount() {
            return events.stream().filter(EventRow::bulk).count();
        }
    }
}
