package org.popgate.gateway.pulls;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.popgate.crypto.json.FlatJson;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.api.Problems;
import org.popgate.gateway.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Approved data pulls over REST: file, decide, execute, look up, acknowledge. The work is in {@link PullService}. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "pulls", description = "Approved data pulls: request → approval → package → receipt")
class PullsController {

    private final PullService pulls;

    PullsController(PullService pulls) {
        this.pulls = pulls;
    }

    @GetMapping("/pulls")
    @Operation(summary = "Pulls the caller may see (approvers and officers: all; a department: its own)")
    List<PullView> list(@RequestParam(required = false) PullStatus status) {
        return pulls.list(Callers.current(), status).stream().map(PullView::of).toList();
    }

    @GetMapping("/pulls/pending")
    @Operation(summary = "Pulls waiting for an approver's decision, with their estimated record counts")
    List<PullView> pending() {
        return pulls.pending().stream().map(PullView::of).toList();
    }

    @PostMapping("/pulls")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "File a pull request (checked against the data-sharing catalogue at once)")
    PullView file(@RequestBody(required = false) Filing body) {
        if (body == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A pull request needs a body.");
        }
        return PullView.of(pulls.file(body.toRequest(), Callers.currentPerson()));
    }

    @GetMapping("/pulls/{pull}")
    @Operation(summary = "One pull")
    PullView get(@PathVariable String pull) {
        return PullView.of(pulls.get(pull, Callers.current()));
    }

    @PostMapping("/pulls/{pull}/approve")
    @Operation(summary = "Approve (optionally narrowing fields, setting a ceiling, an earlier end, a lookup quota)")
    PullView approve(@PathVariable String pull, @RequestBody(required = false) PullService.Approval approval) {
        return PullView.of(pulls.approve(pull, approval, Callers.currentPerson()));
    }

    @PostMapping("/pulls/{pull}/reject")
    @Operation(summary = "Reject with a reason")
    PullView reject(@PathVariable String pull, @RequestBody(required = false) Reason reason) {
        return PullView.of(pulls.reject(pull, reason == null ? null : reason.reason(), Callers.currentPerson()));
    }

    @PostMapping("/pulls/{pull}/revoke")
    @Operation(summary = "Revoke an approval not yet used up (a standing approval: at once)")
    PullView revoke(@PathVariable String pull, @RequestBody(required = false) Reason reason) {
        return PullView.of(pulls.revoke(pull, reason == null ? null : reason.reason(), Callers.currentPerson()));
    }

    @PostMapping("/pulls/{pull}/withdraw")
    @Operation(summary = "Withdraw a delivered package the department has not fetched")
    PullView withdraw(@PathVariable String pull, @RequestBody(required = false) Reason reason) {
        return PullView.of(pulls.withdraw(pull, reason == null ? null : reason.reason(), Callers.currentPerson()));
    }

    @PostMapping("/pulls/{pull}/execute")
    @Operation(summary = "Execute an approved pull once; answers when the package is delivered and audited")
    PullView execute(@PathVariable String pull) {
        return PullView.of(pulls.execute(pull, Callers.current()));
    }

    @PostMapping("/pulls/{pull}/lookups")
    @Operation(summary = "Look one person up by ID number (in the body) under a standing approval")
    PullService.LookupResult lookup(@PathVariable String pull, @RequestBody(required = false) Lookup lookup) {
        if (lookup == null || lookup.idNumber() == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A lookup needs idNumber in the body.");
        }
        return pulls.lookup(pull, lookup.idNumber(), Callers.current());
    }

    @PostMapping("/pulls/{pull}/receipt")
    @Operation(summary = "Acknowledge the package with the signed receipt the department tool wrote; closes the exchange")
    PullView receipt(@PathVariable String pull, @RequestBody(required = false) ReceiptBody receipt) {
        return PullView.of(pulls.receipt(pull, receipt == null ? null : receipt.receipt(), Callers.current()));
    }

    @PostMapping("/pulls/{pull}/redeliver")
    @Operation(summary = "Deliver the same package again (a lost delivery)")
    PullView redeliver(@PathVariable String pull) {
        return PullView.of(pulls.redeliver(pull, Callers.current()));
    }

    @PostMapping(path = "/pulls/canaries/trace", consumes = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "Security officer: trace a leaked record or file (its lines as text) to the pull and recipient"
            + " its canary records were made for; audited")
    PullService.CanaryTrace traceText(@RequestBody(required = false) String lines) {
        return pulls.traceCanaries(lines == null ? null : lines.lines().toList(), Callers.currentPerson());
    }

    @PostMapping(path = "/pulls/canaries/trace", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Security officer: trace leaked lines ({\"lines\": [...]}) to the pull and recipient of their"
            + " canaries; audited")
    PullService.CanaryTrace traceJson(@RequestBody(required = false) TraceBody body) {
        return pulls.traceCanaries(body == null ? null : body.lines(), Callers.currentPerson());
    }

    @GetMapping("/pulls/receipts/refused")
    @Operation(summary = "Receipt messages (Artemis or Kafka) the gateway refused, kept whole with their codes")
    List<PullService.RefusedReceipt> refusedReceipts() {
        return pulls.refusedReceipts();
    }

    /** Invalid ID numbers: which (by position) and why, never the numbers themselves. */
    @ExceptionHandler(InvalidIdNumbersException.class)
    ResponseEntity<ProblemDetail> invalidIds(InvalidIdNumbersException e) {
        ProblemDetail problem = Problems.of(ErrorCode.INVALID_ID_NUMBERS, e.invalid().size()
                + " ID number(s) are not valid; see invalid for their positions and reasons.");
        problem.setProperty("invalid", e.invalid());
        return ResponseEntity.status(ErrorCode.INVALID_ID_NUMBERS.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * A pull request's body.
     *
     * @param validUntil until when the approval may be used (ISO-8601 instant)
     * @param standing true for a standing approval answering single-person lookups
     */
    record Filing(String purpose, String legalBasis, List<String> fields, List<String> categories, Selection selection,
            List<String> idNumbers, Instant validUntil, Boolean standing) {

        PullService.Request toRequest() {
            PullSelection s = selection == null ? null : selection.toSelection();
            return new PullService.Request(purpose, legalBasis, fields, categories, s, idNumbers, validUntil,
                    Boolean.TRUE.equals(standing));
        }
    }

    /** The population filter: an area (or township, or village, each a code), ages in years, and attributes. */
    record Selection(String area, String township, String village, Integer ageFrom, Integer ageTo, String gender,
            String managementAttribute, String maritalStatus) {

        PullSelection toSelection() {
            String code = village != null ? village : township != null ? township : area;
            for (String outer : new String[] {area, township}) {
                if (outer != null && code != null && !code.startsWith(outer)) {
                    throw new ApiException(ErrorCode.INVALID_SELECTION,
                            "The selection is malformed: the village lies outside the township or area given.");
                }
            }
            return new PullSelection(code, ageFrom, ageTo, gender, managementAttribute, maritalStatus);
        }
    }

    record Reason(String reason) {}

    record Lookup(String idNumber) {}

    record ReceiptBody(String receipt) {}

    record TraceBody(List<String> lines) {}

    /** A pull as the API shows it. */
    record PullView(String id, String member, String requester, String purpose, String legalBasis, List<String> fields,
            Map<String, Object> selection, int idListSize, boolean standing, Instant validUntil, PullStatus status,
            long estimatedCount, String catalogueVersion, Instant filedAt, String approvalId, String approver,
            Instant approvedAt, String secondApprover, Long ceiling, Integer lookupsPerDay, String decisionReason,
            String exchangeId, Instant executedAt, Long recordCount, Integer canaryCount, String packageSha256,
            Instant deliveredAt, Instant receiptDue, Instant receiptedAt, String queue) {

        static PullView of(Pull p) {
            return new PullView(p.id(), p.member(), p.requester(), p.purpose(), p.legalBasis(), p.fields(),
                    FlatJson.parse(p.selection()), p.idListSize(), p.standing(), p.validUntil(), p.status(),
                    p.estimatedCount(), p.catalogueVersion(), p.filedAt(), p.approvalId(), p.approver(), p.approvedAt(),
                    p.secondApprover(), p.ceiling(), p.lookupsPerDay(), p.decisionReason(), p.exchangeId(),
                    p.executedAt(), p.recordCount(), p.canaryCount(), p.packageSha256(), p.deliveredAt(), p.receiptDue(),
                    p.receiptedAt(), PackageDelivery.queue(p.member()));
        }
    }
}
