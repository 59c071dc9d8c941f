package org.popgate.gateway.pulls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.popgate.adapters.population.PersonRecord;
import org.popgate.adapters.population.PersonRepository;
import org.popgate.adapters.population.PullField;
import org.popgate.adapters.population.FieldRule;
import org.popgate.adapters.population.RecordMinimiser;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.event.SubjectHasher;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.audit.log.AuditLog;
import org.popgate.crypto.ca.CertificateTrust;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.idnumber.IdCheck;
import org.popgate.crypto.idnumber.IdNumbers;
import org.popgate.crypto.json.FlatJson;
import org.popgate.crypto.pseudonym.Pseudonymiser;
import org.popgate.crypto.receipt.Receipt;
import org.popgate.crypto.receipt.Receipts;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.ids.TimeOrderedIds;
import org.popgate.gateway.members.Member;
import org.popgate.gateway.members.MemberCas;
import org.popgate.gateway.members.MemberRegistry;
import org.popgate.gateway.members.MemberStatus;
import org.popgate.gateway.security.Caller;
import org.popgate.gateway.security.Role;
import org.springframework.transaction.annotation.Transactional;

/**
 * Approved data pulls: a requester files, approvers decide (requester ≠ approver; a second, different approver
 * over the threshold), the department executes an approval once — or, under a standing approval, looks single
 * persons up by ID within a daily quota — and acknowledges the package with a signed receipt. Every decision and
 * every step is audited; a refusal is an {@link ApiException} with a stable code. The console builds on this class.
 */
public class PullService {

    static final String LOOKUP_FLOW = "pull.lookup";
    static final int MAX_RECEIPT_CHARS = 16_384;
    static final int MAX_TRACE_LINES = 100_000;

    private final PullRepository pulls;
    private final LookupCounter lookups;
    private final PullIdLists idLists;
    private final Catalogue catalogue;
    private final PersonRepository persons;
    private final MemberRegistry members;
    private final MemberCas cas;
    private final AuditLog auditLog;
    private final SubjectHasher subjectHasher;
    private final Pseudonymiser pseudonymiser;
    private final PackageDelivery delivery;
    private final PackageSigning signing;
    private final ProducerTemplate producer;
    private final PullProperties properties;
    private final Path packageDir;
    private final Clock clock;
    private final IdNumbers idNumbers = IdNumbers.withShippedAreas();

    PullService(PullRepository pulls, LookupCounter lookups, PullIdLists idLists, Catalogue catalogue, PersonRepository persons,
            MemberRegistry members, MemberCas cas, AuditLog auditLog, SubjectHasher subjectHasher,
            Pseudonymiser pseudonymiser, PackageDelivery delivery, PackageSigning signing, ProducerTemplate producer,
            PullProperties properties, Path packageDir, Clock clock) {
        this.pulls = pulls;
        this.lookups = lookups;
        this.idLists = idLists;
        this.catalogue = catalogue;
        this.persons = persons;
        this.members = members;
        this.cas = cas;
        this.auditLog = auditLog;
        this.subjectHasher = subjectHasher;
        this.pseudonymiser = pseudonymiser;
        this.delivery = delivery;
        this.signing = signing;
        this.producer = producer;
        this.properties = properties;
        this.packageDir = packageDir;
        this.clock = clock;
    }

    /**
     * What a requester asks for.
     *
     * @param idNumbers an explicit list instead of a selection (as people type them: normalised, else refused)
     * @param validUntil until when the approval may be used; default {@code popgate.pulls.default-validity}
     * @param standing a standing approval for single-person lookups instead of one bulk pull
     */
    public record Request(String purpose, String legalBasis, List<String> fields, List<String> categories,
            PullSelection selection, List<String> idNumbers, Instant validUntil, boolean standing) {}

    /**
     * An approver's decision to approve.
     *
     * @param fields narrows the released fields (a subset of the request's), or null to keep them
     * @param ceiling the most records the pull may deliver, or null
     * @param expiresAt an earlier end of the approval than the request's validity, or null
     * @param lookupsPerDay for a standing approval: lookups per day, at most the catalogue's figure
     */
    public record Approval(List<String> fields, Long ceiling, Instant expiresAt, Integer lookupsPerDay) {}

    /** The answer to a single-person lookup: the approved projection of the person, pseudonymised for the caller. */
    public record LookupResult(String lookupId, boolean found, Map<String, Object> record) {}

    // ---- requester

    /** Files a pull; the catalogue check happens at once. */
    @Transactional
    public Pull file(Request request, Caller.Person requester) {
        String member = requester.member();
        if (requester.role() != Role.REQUESTER || member == null) {
            throw new ApiException(ErrorCode.ACCESS_DENIED);
        }
        if (blank(request.purpose()) || blank(request.legalBasis()) || request.legalBasis().length() > 256) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A pull needs a purpose and a legal basis.");
        }
        if (empty(request.fields()) && empty(request.categories())) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A pull names fields or data categories.");
        }
        Catalogue.Decision decision = catalogue.decide(PullSteps.department(member), request.purpose(),
                request.fields(), request.categories());
        PullSelection selection = request.selection() == null ? PullSelection.none() : request.selection();
        List<String> ids = request.idNumbers() == null ? null : validIds(request.idNumbers());
        if (request.standing() && (ids != null || !selection.equals(PullSelection.none()))) {
            throw new ApiException(ErrorCode.INVALID_SELECTION,
                    "The selection is malformed: a standing approval answers lookups by ID and has no selection.");
        }
        if (ids != null && !selection.equals(PullSelection.none())) {
            throw new ApiException(ErrorCode.INVALID_SELECTION,
                    "The selection is malformed: give either a selection or a list of ID numbers, not both.");
        }
        Instant now = clock.instant();
        Instant validUntil = request.validUntil() == null ? now.plus(properties.defaultValidity()) : request.validUntil();
        if (!validUntil.isAfter(now) || validUntil.isAfter(now.plus(properties.maxValidity()))) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "validUntil must lie in the future and within " + properties.maxValidity().toDays() + " days.");
        }
        long estimate = request.standing() ? 0 : ids != null ? countIds(ids) : persons.count(selection.on(today()));
        if (!request.standing() && estimate == 0) {
            throw new ApiException(ErrorCode.SELECTION_EMPTY);
        }
        String id = TimeOrderedIds.next(clock);
        Pull pull = new Pull(id, member, requester.username(), request.purpose(), request.legalBasis(),
                decision.fieldNames(), selection.toJson(), ids == null ? 0 : ids.size(), request.standing(), validUntil,
                PullStatus.PENDING, estimate, catalogue.version(), now, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
        pulls.insert(pull);
        if (ids != null) {
            idLists.store(id, ids);
        }
        auditLog.append(AuditEvent.builder(EventType.EXCHANGE_REQUESTED)
                .actor(requester.actor())
                .exchangeId(id)
                .flow(request.standing() ? LOOKUP_FLOW : PullSteps.FLOW)
                .purpose(request.purpose())
                .legalBasis(request.legalBasis())
                .dataCategories(decision.categories())
                .recordCount(estimate)
                .attribute("member", member)
                .attribute("catalogue", catalogue.version())
                .attribute("fields", String.join(",", decision.fieldNames()))
                .outcome(Outcome.SUCCEEDED)
                .build());
        if (!decision.needsApproval()) {
            // Only unconditionally shareable fields: the catalogue itself is the approval.
            String approvalId = TimeOrderedIds.next(clock);
            pulls.firstApproval(id, PullStatus.APPROVED, approvalId, "catalogue:" + catalogue.version(), now,
                    String.join(",", decision.fieldNames()), null, request.standing() ? lookupsPerDay(member) : null,
                    validUntil);
            auditLog.append(AuditEvent.builder(EventType.EXCHANGE_APPROVED)
                    .actor(new Actor("catalogue", "CATALOGUE", null, null, null))
                    .exchangeId(id).approvalId(approvalId).purpose(request.purpose()).legalBasis(request.legalBasis())
                    .attribute("member", member).attribute("stage", "catalogue")
                    .outcome(Outcome.SUCCEEDED).build());
        }
        return pulls.find(id).orElseThrow();
    }

    /** Pulls the caller may see: approvers and officers all, a requester or member system its department's. */
    public List<Pull> list(Caller caller, PullStatus status) {
        String member = seesAll(caller) ? null : caller.member();
        if (member == null && !seesAll(caller)) {
            throw new ApiException(ErrorCode.ACCESS_DENIED);
        }
        return pulls.list(member, status, 500);
    }

    /** Pulls waiting for an approver's decision (first or second), oldest first, with their estimated counts. */
    public List<Pull> pending() {
        List<Pull> pending = new ArrayList<>(pulls.list(null, PullStatus.PENDING, 500));
        pending.addAll(pulls.list(null, PullStatus.AWAITING_SECOND_APPROVAL, 500));
        pending.sort(java.util.Comparator.comparing(Pull::filedAt));
        return pending;
    }

    /** One pull, if the caller may see it. */
    public Pull get(String id, Caller caller) {
        Pull pull = pulls.find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        if (!seesAll(caller)) {
            own(pull, caller);
        }
        return pull;
    }

    // ---- approver

    /** Approves (first or second approval); the approver may narrow the fields and set a ceiling or an earlier end. */
    @Transactional
    public Pull approve(String id, Approval approval, Caller.Person approver) {
        Pull pull = pulls.lock(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        if (approver.username().equals(pull.requester())) {
            throw new ApiException(ErrorCode.SELF_APPROVAL);
        }
        Instant now = clock.instant();
        Approval a = approval == null ? new Approval(null, null, null, null) : approval;
        if (pull.status() == PullStatus.AWAITING_SECOND_APPROVAL) {
            if (approver.username().equals(pull.approver())) {
                throw new ApiException(ErrorCode.SAME_APPROVER);
            }
            expiredCheck(pull, now);
            pulls.secondApproval(id, approver.username(), now);
            auditApproved(pull, pull.approvalId(), approver, "second");
            return pulls.find(id).orElseThrow();
        }
        if (pull.status() != PullStatus.PENDING) {
            throw new ApiException(ErrorCode.INVALID_STATE, "Only a pending pull can be approved.");
        }
        expiredCheck(pull, now);
        List<String> fields = pull.fields();
        if (a.fields() != null) {
            if (a.fields().isEmpty() || !new HashSet<>(pull.fields()).containsAll(a.fields())) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED,
                        "An approval can only narrow the requested fields, not widen them.");
            }
            fields = pull.fields().stream().filter(a.fields()::contains).toList();
        }
        if (a.ceiling() != null && a.ceiling() < 1) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A ceiling is at least one record.");
        }
        Instant validUntil = pull.validUntil();
        if (a.expiresAt() != null) {
            if (!a.expiresAt().isAfter(now) || a.expiresAt().isAfter(validUntil)) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED,
                        "expiresAt must lie in the future and not after the request's validity.");
            }
            validUntil = a.expiresAt();
        }
        Integer lookups = null;
        if (pull.standing()) {
            int max = lookupsPerDay(pull.member());
            if (a.lookupsPerDay() != null && (a.lookupsPerDay() < 1 || a.lookupsPerDay() > max)) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "lookupsPerDay is between 1 and " + max + ".");
            }
            lookups = a.lookupsPerDay() == null ? max : a.lookupsPerDay();
        }
        boolean second = !pull.standing() && pull.estimatedCount() > properties.secondApprovalThreshold();
        String approvalId = TimeOrderedIds.next(clock);
        pulls.firstApproval(id, second ? PullStatus.AWAITING_SECOND_APPROVAL : PullStatus.APPROVED, approvalId,
                approver.username(), now, String.join(",", fields), a.ceiling(), lookups, validUntil);
        auditApproved(pull, approvalId, approver, second ? "first-of-two" : "only");
        return pulls.find(id).orElseThrow();
    }

    /** Rejects a pending pull with a reason. */
    @Transactional
    public Pull reject(String id, String reason, Caller.Person approver) {
        Pull pull = pulls.lock(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        if (blank(reason)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A rejection needs a reason.");
        }
        if (pull.status() != PullStatus.PENDING && pull.status() != PullStatus.AWAITING_SECOND_APPROVAL) {
            throw new ApiException(ErrorCode.INVALID_STATE, "Only a pending pull can be rejected.");
        }
        pulls.decide(id, PullStatus.REJECTED, approver.username(), reason, clock.instant());
        idLists.delete(id);
        auditLog.append(AuditEvent.builder(EventType.EXCHANGE_REJECTED)
                .actor(approver.actor()).exchangeId(id).reason(reason).operation("pull.reject")
                .attribute("member", pull.member()).outcome(Outcome.SUCCEEDED).build());
        return pulls.find(id).orElseThrow();
    }

    /** Revokes an approval that is not used up (a standing approval at once; a bulk pull not yet executed). */
    @Transactional
    public Pull revoke(String id, String reason, Caller.Person approver) {
        Pull pull = pulls.lock(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        if (pull.status() != PullStatus.APPROVED && pull.status() != PullStatus.AWAITING_SECOND_APPROVAL) {
            throw new ApiException(ErrorCode.INVALID_STATE, "Only an approval not yet used up can be revoked.");
        }
        String why = blank(reason) ? "revoked" : reason;
        pulls.decide(id, PullStatus.REVOKED, approver.username(), why, clock.instant());
        idLists.delete(id);
        auditLog.append(AuditEvent.builder(EventType.EXCHANGE_REJECTED)
                .actor(approver.actor()).exchangeId(id).approvalId(pull.approvalId()).reason(why)
                .operation("pull.revoke").attribute("member", pull.member()).outcome(Outcome.SUCCEEDED).build());
        return pulls.find(id).orElseThrow();
    }

    /** Takes back a delivered package the department has not fetched yet; the exchange ends withdrawn. */
    @Transactional
    public Pull withdraw(String id, String reason, Caller.Person approver) {
        Pull pull = pulls.lock(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        if (pull.status() != PullStatus.DELIVERED) {
            throw new ApiException(ErrorCode.INVALID_STATE, "Only a delivered package without a receipt can be withdrawn.");
        }
        if (properties.kafka().delivers(pull.member()) && !properties.folderMembers().contains(pull.member())) {
            throw new ApiException(ErrorCode.INVALID_STATE, "A package on a Kafka topic cannot be taken back.");
        }
        if (!delivery.withdraw(pull.member(), id)) {
            throw new ApiException(ErrorCode.INVALID_STATE, "The department has already fetched the package.");
        }
        String why = blank(reason) ? "withdrawn" : reason;
        pulls.decide(id, PullStatus.WITHDRAWN, approver.username(), why, clock.instant());
        deletePackage(id);
        auditLog.append(AuditEvent.builder(EventType.EXCHANGE_WITHDRAWN)
                .actor(approver.actor()).exchangeId(id).approvalId(pull.approvalId()).reason(why)
                .flow(PullSteps.FLOW).attribute("member", pull.member()).outcome(Outcome.SUCCEEDED).build());
        return pulls.find(id).orElseThrow();
    }

    // ---- department (requester or member system of the pull's member)

    /**
     * Executes an approved one-time pull: claims the approval (so it runs once), then runs the pull route, which
     * returns only once the package is delivered and every step's audit event is durable.
     */
    public Pull execute(String id, Caller caller) {
        Pull found = pulls.find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        own(found, caller);
        Member member = members.find(found.member()).orElseThrow();
        X509Certificate recipient = members.currentCertificate(found.member(), CertificateUse.ENCRYPTION,
                clock.instant()).orElseThrow(() -> new ApiException(ErrorCode.INVALID_STATE,
                        "The department has no current encryption certificate."));
        Pull pull = claim(id, caller);
        PullRun run = new PullRun(pull, caller.actor(), CryptoSuite.named(member.suite()), recipient,
                new EnumMap<>(PullField.class), packageFile(id), properties.folderMembers().contains(pull.member()),
                properties.kafka().delivers(pull.member()));
        try {
            producer.requestBody(PullRoutes.EXECUTE, run);
        } catch (CamelExecutionException e) {
            ApiException api = apiCause(e);
            throw api != null ? api : new ApiException(ErrorCode.PULL_FAILED);
        }
        return pulls.find(id).orElseThrow();
    }

    /** Checks the approval, the selection's size against ceiling and daily quota, and claims it (execute-once). */
    private Pull claim(String id, Caller caller) {
        Pull pull = pulls.lock(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        own(pull, caller);
        if (pull.standing()) {
            throw new ApiException(ErrorCode.INVALID_STATE, "A standing approval answers lookups; it is not executed.");
        }
        usable(pull, clock.instant());
        long count = pull.idListSize() > 0 ? countIds(idLists.read(id)) : persons.count(
                PullSelection.fromJson(pull.selection()).on(today()));
        if (count == 0) {
            throw new ApiException(ErrorCode.SELECTION_EMPTY);
        }
        if (pull.ceiling() != null && count > pull.ceiling()) {
            throw new ApiException(ErrorCode.OVER_CEILING);
        }
        long quota = properties.quotaOf(PullSteps.department(pull.member()), catalogue);
        if (pulls.recordsSince(pull.member(), startOfDay()) + count > quota) {
            throw new ApiException(ErrorCode.OVER_QUOTA, ErrorCode.OVER_QUOTA.sentence(), untilTomorrow());
        }
        // Claimed: from here the approval is used, whatever the run's outcome.
        if (!pulls.claim(id, clock.instant())) {
            throw new ApiException(ErrorCode.APPROVAL_USED);
        }
        return pulls.find(id).orElseThrow().withEstimate(count);
    }

    /**
     * A single-person lookup under a standing approval; the ID number comes in the body, never the URL. Not one
     * transaction: each statement takes one pooled connection at a time, so concurrent lookups never wait on a
     * second connection while holding the first. The quota is exact ({@link LookupCounter}).
     */
    public LookupResult lookup(String id, String idNumber, Caller caller) {
        Pull pull = pulls.find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        own(pull, caller);
        if (!pull.standing()) {
            throw new ApiException(ErrorCode.NOT_STANDING);
        }
        Instant now = clock.instant();
        usable(pull, now);
        IdCheck check = idNumbers.check(idNumber);
        if (!(check instanceof IdCheck.Valid valid)) {
            throw new InvalidIdNumbersException(List.of(invalid(0, (IdCheck.Invalid) check)));
        }
        String normalised = valid.id().value();
        if (!lookups.take(id, startOfDay(), pull.lookupsPerDay())) {
            throw new ApiException(ErrorCode.LOOKUP_QUOTA_EXHAUSTED, ErrorCode.LOOKUP_QUOTA_EXHAUSTED.sentence(),
                    untilTomorrow());
        }
        PersonRecord person = persons.findByIdNumber(normalised).stream().filter(p -> p.cancelledAt() == null)
                .findFirst().orElse(null);
        Map<PullField, FieldRule> rules =
                catalogue.decide(PullSteps.department(pull.member()), pull.purpose(), pull.fields(), List.of()).rules();
        String line = person == null ? null : new RecordMinimiser(rules, pseudonymiser, pull.member()).toJsonLine(person);
        boolean found = line != null;
        lookups.done(new LookupCounter.Done(id, pull.member(), now, found));
        String lookupId = TimeOrderedIds.next(clock);
        SubjectIndex subjects = SubjectIndex.of(auditLog.suite(), List.of(subjectHasher.hash(normalised)));
        auditLog.append(AuditEvent.builder(EventType.EXCHANGE_SELECTED)
                .actor(caller.actor()).exchangeId(lookupId).approvalId(pull.approvalId()).flow(LOOKUP_FLOW)
                .purpose(pull.purpose()).legalBasis(pull.legalBasis()).recordCount(found ? 1 : 0)
                .attribute("member", pull.member()).attribute("pull", id).attribute("found", Boolean.toString(found))
                .subjects(subjects).outcome(Outcome.SUCCEEDED).build(), subjects);
        return new LookupResult(lookupId, found, found ? FlatJson.parse(line) : null);
    }

    /** The department's signed receipt for the package: verified against the package, it closes the exchange. */
    @Transactional
    public Pull receipt(String id, String signedReceipt, Caller caller) {
        Pull pull = pulls.lock(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        own(pull, caller);
        return close(pull, signedReceipt, caller.actor(), "api");
    }

    /**
     * A signed receipt that arrived as a message ({@code channel}: {@code artemis} or {@code kafka}) instead of an
     * API call. The message is not authenticated by its transport: the receipt's own signature is, so it goes
     * through the very checks of {@link #receipt} (signature, certificate chain and CRL, signer = the pull's
     * department, exchange, sender, count and records SHA-256). A refusal is an {@link ApiException}; the caller
     * keeps the message with its code ({@link PullReceipts}).
     */
    @Transactional
    public Pull receiptMessage(String signedReceipt, String channel) {
        String id = exchangeIdOf(signedReceipt);
        if (id == null) {
            throw new ApiException(ErrorCode.RECEIPT_INVALID, "The message is not a signed receipt.");
        }
        Pull pull = pulls.lock(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                "The receipt names an exchange the gateway does not know."));
        if (members.find(pull.member()).map(m -> m.status() != MemberStatus.ACTIVE).orElse(true)) {
            throw new ApiException(ErrorCode.MEMBER_SUSPENDED);
        }
        // Verified below that the receipt is signed by the pull's own department: that is who acts here.
        return close(pull, signedReceipt, Actor.member(pull.member(), pull.member(), null), channel);
    }

    private Pull close(Pull pull, String signedReceipt, Actor actor, String channel) {
        String id = pull.id();
        if (pull.status() != PullStatus.DELIVERED || pull.packageSha256() == null) {
            throw new ApiException(ErrorCode.INVALID_STATE, "Only a delivered package awaits a receipt.");
        }
        if (blank(signedReceipt) || signedReceipt.length() > MAX_RECEIPT_CHARS) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A receipt is the signed text the department tool wrote.");
        }
        Member member = members.find(pull.member()).orElseThrow();
        MemberCa ca = cas.forSuite(member.suite());
        Instant now = clock.instant();
        Receipt receipt;
        try {
            receipt = Receipts.verify(signedReceipt, ca.suite(), CertificateTrust.anchoredAt(ca.certificate())
                    .withCrl(ca.crl()), now);
        } catch (CryptoException e) {
            throw new ApiException(ErrorCode.RECEIPT_INVALID, ErrorCode.RECEIPT_INVALID.sentence() + " ("
                    + e.code().code() + ")");
        }
        long packed = pull.recordCount() + (pull.canaryCount() == null ? 0 : pull.canaryCount());
        if (!receipt.exchangeId().equals(id) || !receipt.recipient().equals(pull.member())
                || !receipt.sender().equals(signing.gateway()) || receipt.recordCount() != packed
                || !receipt.recordsSha256Hex().equals(pull.packageSha256())) {
            throw new ApiException(ErrorCode.RECEIPT_INVALID);
        }
        pulls.receipted(id, now);
        idLists.delete(id);
        auditLog.append(AuditEvent.builder(EventType.EXCHANGE_RECEIPTED)
                .actor(actor).exchangeId(id).approvalId(pull.approvalId()).flow(PullSteps.FLOW)
                .recordCount(packed).attribute("member", pull.member()).attribute("channel", channel)
                .attribute("received-at", receipt.receivedAt().toString()).outcome(Outcome.SUCCEEDED).build());
        deletePackage(id);
        return pulls.find(id).orElseThrow();
    }

    /** The exchange id a receipt text names (read before verifying, only to find the pull), or null. */
    static String exchangeIdOf(String text) {
        if (text == null || text.length() > MAX_RECEIPT_CHARS) {
            return null;
        }
        int end = text.indexOf("\n\n");
        for (String line : (end < 0 ? text : text.substring(0, end)).split("\n")) {
            if (line.startsWith("exchange: ")) {
                String id = line.substring("exchange: ".length());
                return id.matches("[A-Za-z0-9-]{1,64}") ? id : null;
            }
        }
        return null;
    }

    /** Receipt messages the gateway refused, newest first, with their codes (nothing a department sends is lost). */
    public List<RefusedReceipt> refusedReceipts() {
        return pulls.refusedReceipts(200);
    }

    /** A receipt message that was refused, kept whole with its reason. */
    public record RefusedReceipt(String id, Instant receivedAt, String channel, String exchangeId, String code,
            String reason, String body) {}

    /** Sends the same package again (a lost delivery); audited as a re-delivery. */
    public Pull redeliver(String id, Caller caller) {
        Pull pull = pulls.find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        own(pull, caller);
        Path file = packageFile(id);
        if (pull.status() != PullStatus.DELIVERED || !Files.exists(file)) {
            throw new ApiException(ErrorCode.INVALID_STATE, "Only a delivered package without a receipt can be re-delivered.");
        }
        long packed = pull.recordCount() + (pull.canaryCount() == null ? 0 : pull.canaryCount());
        boolean folder = properties.folderMembers().contains(pull.member());
        boolean kafka = !folder && properties.kafka().delivers(pull.member());
        if (folder) {
            delivery.toFolder(pull.member(), id, file);
        } else if (kafka) {
            delivery.toKafka(pull.member(), id, packed, signing.gateway(), file, true);
        } else {
            delivery.toQueue(pull.member(), id, packed, signing.gateway(), file, true);
        }
        auditLog.append(AuditEvent.builder(EventType.EXCHANGE_DELIVERED)
                .actor(caller.actor()).exchangeId(id).approvalId(pull.approvalId()).flow(PullSteps.FLOW)
                .responseDigest(org.popgate.audit.event.Digest.ofHex(pull.packageSha256()))
                .attribute("member", pull.member()).attribute("channel", folder ? "folder" : kafka ? "kafka" : "queue")
                .attribute("redelivery", "true").outcome(Outcome.SUCCEEDED).build());
        return pull;
    }

    // ---- for the approver's console pages

    /**
     * The catalogue's entry for each of the pull's fields, in the pull's order: how the field leaves the gateway and
     * on what condition (null for a field the catalogue no longer lists for the purpose).
     */
    public Map<String, Catalogue.Entry> verdicts(Pull pull) {
        Catalogue.Department department = catalogue.departments().get(PullSteps.department(pull.member()));
        Catalogue.Purpose purpose = department == null ? null : department.purposes().get(pull.purpose());
        Map<String, Catalogue.Entry> verdicts = new java.util.LinkedHashMap<>();
        for (String field : pull.fields()) {
            verdicts.put(field, purpose == null ? null : purpose.fields().get(Catalogue.field(field)));
        }
        return verdicts;
    }

    /** Lookups made under a standing approval since {@code since}, those not yet written to the database included. */
    public long lookupsSince(String id, Instant since) {
        return lookups.used(id, since);
    }

    /** Which recipient and exchange a canary pseudonym found in a leaked file belongs to: {exchange id, member}. */
    public java.util.Optional<String[]> traceCanary(String pseudonym) {
        return pulls.canary(pseudonym);
    }

    /**
     * The security officer's canary trace: which pulls and recipients the canary records among {@code lines} (a
     * leaked record or file, as JSON Lines or CSV the department tool wrote, or bare pseudonyms) went out in. Each
     * line is matched by the values a canary is kept under: its pseudonymised ID number (the JSON field, or any CSV
     * cell), or the SHA-256 of the whole line when the package had no ID field. Audited before it answers
     * ({@code audit_consulted}, operation {@code pull.canary-trace}, the SHA-256 of the lines as request digest);
     * the lines themselves are neither logged nor kept.
     */
    public CanaryTrace traceCanaries(List<String> lines, Caller.Person officer) {
        if (officer.role() != Role.SECURITY_OFFICER) {
            throw new ApiException(ErrorCode.ACCESS_DENIED);
        }
        if (lines == null || lines.stream().allMatch(PullService::blank)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A canary trace needs the leaked lines in the body.");
        }
        if (lines.size() > MAX_TRACE_LINES) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A canary trace takes at most " + MAX_TRACE_LINES
                    + " lines; send the suspicious part of the file.");
        }
        java.util.Map<String, TracedSource> sources = new java.util.LinkedHashMap<>();
        java.security.MessageDigest all = sha256();
        int found = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i) == null ? "" : lines.get(i).strip();
            all.update((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (line.isEmpty()) {
                continue;
            }
            for (String mark : canaryMarks(line)) {
                java.util.Optional<String[]> hit = pulls.canary(mark);
                if (hit.isPresent()) {
                    String[] t = hit.get();
                    sources.computeIfAbsent(t[0] + "\u0000" + t[1], k -> new TracedSource(t[0], t[1], new ArrayList<>()))
                            .lines().add(i + 1);
                    found++;
                    break;
                }
            }
        }
        AuditEvent.Builder event = AuditEvent.builder(EventType.AUDIT_CONSULTED)
                .actor(officer.actor()).operation("pull.canary-trace")
                .requestDigest(new org.popgate.audit.event.Digest(all.digest()))
                .attribute("lines", Integer.toString(lines.size())).attribute("canaries", Integer.toString(found))
                .outcome(Outcome.SUCCEEDED);
        if (!sources.isEmpty()) {
            // The audit log refuses empty attribute values: named only when something was found.
            event.attribute("exchanges", String.join(",", sources.values().stream().map(TracedSource::exchangeId).toList()));
        }
        auditLog.append(event.build());
        return new CanaryTrace(lines.size(), found, List.copyOf(sources.values()));
    }

    /** The answer of a canary trace: per exchange and recipient, the (1-based) lines that are its canaries. */
    public record CanaryTrace(int linesExamined, int canariesFound, List<TracedSource> sources) {}

    /** One pull whose canaries were found: the exchange, the member it was made for, and where its canaries sat. */
    public record TracedSource(String exchangeId, String member, List<Integer> lines) {}

    /** The values a canary line may be kept under: its ID field, its CSV cells, the SHA-256 of the line. */
    private static List<String> canaryMarks(String line) {
        List<String> marks = new ArrayList<>();
        if (line.startsWith("{")) {
            try {
                Object id = FlatJson.parse(line).get("idNumber");
                if (id != null) {
                    marks.add(id.toString());
                }
            } catch (RuntimeException e) {
                // not JSON after all: the other readings still apply
            }
        } else {
            for (String cell : line.split(",")) {
                String c = cell.strip();
                if (c.length() > 1 && c.startsWith("\"") && c.endsWith("\"")) {
                    c = c.substring(1, c.length() - 1);
                }
                if (c.startsWith("'")) {
                    c = c.substring(1); // the tool's guard against formula injection
                }
                if (!c.isEmpty()) {
                    marks.add(c);
                }
            }
        }
        marks.add(java.util.HexFormat.of().formatHex(sha256().digest(line.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        return marks;
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reports delivered packages whose receipt is overdue (audited once each; the alert desk raises an alert). */
    void reportOverdueReceipts(Actor gateway) {
        for (Pull pull : pulls.overdue(clock.instant())) {
            auditLog.append(AuditEvent.builder(EventType.EXCHANGE_RECEIPT_OVERDUE)
                    .actor(gateway).exchangeId(pull.id()).approvalId(pull.approvalId()).flow(PullSteps.FLOW)
                    .attribute("member", pull.member()).attribute("receipt-due", pull.receiptDue().toString())
                    .reason("no_receipt_in_time").outcome(Outcome.FAILED).build());
            pulls.overdueReported(pull.id());
        }
    }

    // ---- helpers

    private void usable(Pull pull, Instant now) {
        switch (pull.status()) {
            case PENDING, AWAITING_SECOND_APPROVAL, REJECTED -> throw new ApiException(ErrorCode.PULL_NOT_APPROVED);
            case REVOKED -> throw new ApiException(ErrorCode.APPROVAL_REVOKED);
            case DELIVERED, RECEIPTED, FAILED, WITHDRAWN -> throw new ApiException(ErrorCode.APPROVAL_USED);
            case APPROVED -> {
                if (!pull.standing() && pull.executedAt() != null) {
                    throw new ApiException(ErrorCode.APPROVAL_USED);
                }
                expiredCheck(pull, now);
            }
            default -> throw new ApiException(ErrorCode.INVALID_STATE);
        }
    }

    private static void expiredCheck(Pull pull, Instant now) {
        if (!now.isBefore(pull.validUntil())) {
            throw new ApiException(ErrorCode.APPROVAL_EXPIRED);
        }
    }

    /** A department's caller may act only on its own department's pulls; anyone else is refused. */
    private void own(Pull pull, Caller caller) {
        boolean department = caller instanceof Caller.MemberSystem
                || caller instanceof Caller.Person p && p.role() == Role.REQUESTER;
        if (!department || !pull.member().equals(caller.member())) {
            throw new ApiException(ErrorCode.ACCESS_DENIED);
        }
        if (members.statusForAccess(pull.member()).map(status -> status != MemberStatus.ACTIVE).orElse(true)) {
            throw new ApiException(ErrorCode.MEMBER_SUSPENDED);
        }
    }

    private static boolean seesAll(Caller caller) {
        return caller instanceof Caller.Person p && (p.role() == Role.APPROVER || p.role() == Role.SECURITY_OFFICER);
    }

    private void auditApproved(Pull pull, String approvalId, Caller.Person approver, String stage) {
        auditLog.append(AuditEvent.builder(EventType.EXCHANGE_APPROVED)
                .actor(approver.actor()).exchangeId(pull.id()).approvalId(approvalId)
                .purpose(pull.purpose()).legalBasis(pull.legalBasis())
                .attribute("member", pull.member()).attribute("stage", stage)
                .outcome(Outcome.SUCCEEDED).build());
    }

    private List<String> validIds(List<String> raw) {
        if (raw.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_SELECTION, "The selection is malformed: the ID list is empty.");
        }
        if (raw.size() > properties.idListLimit()) {
            throw new ApiException(ErrorCode.ID_LIST_TOO_LARGE, "The list of ID numbers is longer than "
                    + properties.idListLimit() + ".");
        }
        List<InvalidIdNumbersException.Invalid> invalid = new ArrayList<>();
        LinkedHashSet<String> valid = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            IdCheck check = idNumbers.check(raw.get(i));
            if (check instanceof IdCheck.Valid v) {
                valid.add(v.id().value());
            } else {
                invalid.add(invalid(i, (IdCheck.Invalid) check));
            }
        }
        if (!invalid.isEmpty()) {
            throw new InvalidIdNumbersException(invalid);
        }
        return List.copyOf(valid);
    }

    private static InvalidIdNumbersException.Invalid invalid(int index, IdCheck.Invalid check) {
        return new InvalidIdNumbersException.Invalid(index, check.defect().code(), check.defect().sentence());
    }

    private long countIds(List<String> ids) {
        long n = 0;
        for (String id : ids) {
            n += persons.findByIdNumber(id).stream().filter(p -> p.cancelledAt() == null).count();
        }
        return n;
    }

    private int lookupsPerDay(String member) {
        return catalogue.departments().get(PullSteps.department(member)).lookupsPerDay();
    }

    private Path packageFile(String id) {
        return packageDir.resolve(id + ".p7m");
    }

    private void deletePackage(String id) {
        try {
            Files.deleteIfExists(packageFile(id));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot delete the kept package", e);
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(properties.zone()));
    }

    private Instant startOfDay() {
        return today().atStartOfDay(properties.zone()).toInstant();
    }

    private Duration untilTomorrow() {
        return Duration.between(clock.instant(), today().plusDays(1).atStartOfDay(properties.zone()).toInstant());
    }

    private static ApiException apiCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean empty(List<String> list) {
        return list == null || list.isEmpty();
    }
}
