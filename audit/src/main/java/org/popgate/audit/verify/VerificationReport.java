package org.popgate.audit.verify;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.merkle.TreeHead;

/**
 * The result of a start-up check or full verification: the head recomputed from storage, the
 * findings (the first 100; {@code findingCount} counts all) and how long it took.
 */
public record VerificationReport(TreeHead head, List<Finding> findings, long findingCount, long checkpointsChecked,
        long witnessesChecked, Duration took) {

    public VerificationReport {
        findings = List.copyOf(findings);
    }

    /** True when nothing that breaks integrity was found. */
    public boolean ok() {
        return findings.stream().noneMatch(Finding::integrityFailure);
    }

    public Optional<Finding> firstProblem() {
        return findings.stream().filter(Finding::integrityFailure).findFirst();
    }

    /** The {@code verification_run} audit event recording this result. */
    public AuditEvent toEvent(Actor actor) {
        AuditEvent.Builder b = AuditEvent.builder(EventType.VERIFICATION_RUN)
                .actor(actor)
                .operation("full_verification")
                .recordCount(head.size())
                .attribute("root", HexFormat.of().formatHex(head.root()))
                .attribute("findings", Long.toString(findingCount))
                .attribute("checkpoints", Long.toString(checkpointsChecked))
                .attribute("witnesses", Long.toString(witnessesChecked))
                .attribute("millis", Long.toString(took.toMillis()));
        firstProblem().ifPresentOrElse(f -> {
            b.outcome(Outcome.FAILED).reason(f.code().code());
            if (f.seq() >= 0) {
                b.attribute("first_bad_seq", Long.toString(f.seq()));
            }
        }, () -> b.outcome(Outcome.SUCCEEDED));
        return b.build();
    }
}
