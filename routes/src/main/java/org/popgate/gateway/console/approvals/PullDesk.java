package org.popgate.gateway.console.approvals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.popgate.adapters.population.FieldRule;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.console.FormText;
import org.popgate.gateway.pulls.Catalogue;
import org.popgate.gateway.pulls.Pull;
import org.popgate.gateway.pulls.PullProperties;
import org.popgate.gateway.pulls.PullService;
import org.popgate.gateway.pulls.PullStatus;
import org.popgate.gateway.security.Caller;
import org.springframework.stereotype.Service;

/**
 * The approver's desk over {@link PullService}: what waits for a decision (with the catalogue's verdict per field),
 * the decisions themselves (approve, narrow and approve, reject, revoke) and the standing approvals with their use.
 * Every rule (requester ≠ approver, the second approver of a large pull, narrowing only) and every audit event is the
 * service's; this class only turns form input into its calls.
 */
@Service
class PullDesk {

    static final int MAX_REASON = 500;

    private final PullService pulls;
    /** The office's days, by which the pulls service counts lookups against the quota. */
    private final ZoneId zone;

    PullDesk(PullService pulls, PullProperties properties) {
        this.pulls = pulls;
        this.zone = properties.zone();
    }

    /** One requested field and the catalogue's verdict on it. */
    record Verdict(String field, String share, String transform, String level) {

        static Verdict of(String field, Catalogue.Entry entry) {
            if (entry == null) {
                return new Verdict(field, Catalogue.Share.NOT_SHAREABLE.name(), Catalogue.Transform.DROPPED.name(), null);
            }
            String level = null;
            if (entry.rule() instanceof FieldRule.GeneralisedDate d) {
                level = d.precision().name();
            } else if (entry.rule() instanceof FieldRule.GeneralisedArea a) {
                level = a.level().name();
            }
            return new Verdict(field, entry.share().name(), entry.transform().name(), level);
        }
    }

    /** A pull as the approver's pages show it, with its verdicts. */
    record PullEntry(Pull pull, List<Verdict> verdicts) {

        public boolean secondApproval() {
            return pull.status() == PullStatus.AWAITING_SECOND_APPROVAL;
        }
    }

    /** A standing approval and how much it has been used. */
    record StandingEntry(Pull pull, long lookupsToday, long lookupsTotal) {}

    List<PullEntry> pending() {
        return pulls.pending().stream().map(this::entry).toList();
    }

    PullEntry get(String id, Caller.Person approver) {
        return entry(pulls.get(id, approver));
    }

    /** Approves with the ticked fields (narrowing when some are unticked) and, if given, a ceiling or a lookup quota. */
    Pull approve(String id, List<String> fields, String ceiling, String lookupsPerDay, Caller.Person approver) {
        Pull pull = pulls.get(id, approver);
        List<String> narrowed = null;
        if (pull.status() == PullStatus.PENDING) {
            if (fields == null || fields.isEmpty()) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED);
            }
            narrowed = fields.size() == pull.fields().size() && fields.containsAll(pull.fields()) ? null : fields;
        }
        Long max = number(ceiling);
        Long lookups = number(lookupsPerDay);
        return pulls.approve(id, new PullService.Approval(narrowed, max, null,
                lookups == null ? null : (int) Math.min(Integer.MAX_VALUE, lookups)), approver);
    }

    Pull reject(String id, String reason, Caller.Person approver) {
        return pulls.reject(id, FormText.oneLine(reason, MAX_REASON, true), approver);
    }

    Pull revoke(String id, String reason, Caller.Person approver) {
        String text = FormText.oneLine(reason, MAX_REASON, false);
        return pulls.revoke(id, text.isEmpty() ? null : text, approver);
    }

    /** Standing approvals that are in force (approved, not yet expired), with today's and all lookups made under them. */
    List<StandingEntry> standing(Caller.Person approver) {
        Instant now = Instant.now();
        Instant today = LocalDate.now(zone).atStartOfDay(zone).toInstant();
        List<StandingEntry> out = new ArrayList<>();
        for (Pull pull : pulls.list(approver, PullStatus.APPROVED)) {
            if (pull.standing() && pull.validUntil().isAfter(now)) {
                out.add(new StandingEntry(pull, pulls.lookupsSince(pull.id(), today),
                        pulls.lookupsSince(pull.id(), Instant.EPOCH)));
            }
        }
        return out;
    }

    private PullEntry entry(Pull pull) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Map.Entry<String, Catalogue.Entry> e : pulls.verdicts(pull).entrySet()) {
            verdicts.add(Verdict.of(e.getKey(), e.getValue()));
        }
        return new PullEntry(pull, verdicts);
    }

    /** A number typed into a form: empty is none; anything but digits is refused. */
    private static Long number(String typed) {
        String text = typed == null ? "" : typed.strip();
        if (text.isEmpty()) {
            return null;
        }
        if (!text.matches("[0-9]{1,12}")) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED);
        }
        return Long.parseLong(text);
    }
}
