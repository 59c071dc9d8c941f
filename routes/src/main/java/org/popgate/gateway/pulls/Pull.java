package org.popgate.gateway.pulls;

import java.time.Instant;
import java.util.List;

/**
 * One pull request and its life: filed by a requester of a department, decided by approvers, executed once
 * (or, standing, answering single-person lookups), delivered and acknowledged. Holds no personal data: an
 * explicit ID list is stored encrypted apart and only its size appears here.
 *
 * @param fields the fields the catalogue releases for the request, after any narrowing by the approver
 * @param selection the selection criteria as JSON (no ID numbers)
 * @param recordCount real records in the package (canaries apart)
 */
public record Pull(
        String id,
        String member,
        String requester,
        String purpose,
        String legalBasis,
        List<String> fields,
        String selection,
        int idListSize,
        boolean standing,
        Instant validUntil,
        PullStatus status,
        long estimatedCount,
        String catalogueVersion,
        Instant filedAt,
        String approvalId,
        String approver,
        Instant approvedAt,
        String secondApprover,
        Long ceiling,
        Integer lookupsPerDay,
        String decisionReason,
        Instant decidedAt,
        String exchangeId,
        Instant executedAt,
        Long recordCount,
        Integer canaryCount,
        String packageSha256,
        Instant deliveredAt,
        Instant receiptDue,
        Instant receiptedAt) {

    /** The same pull with {@code count} as its estimate (the count on the day it runs). */
    Pull withEstimate(long count) {
        return new Pull(id, member, requester, purpose, legalBasis, fields, selection, idListSize, standing, validUntil,
                status, count, catalogueVersion, filedAt, approvalId, approver, approvedAt, secondApprover, ceiling,
                lookupsPerDay, decisionReason, decidedAt, exchangeId, executedAt, recordCount, canaryCount,
                packageSha256, deliveredAt, receiptDue, receiptedAt);
    }

    /** Whether the approval allows single-person lookups rather than one bulk pull. */
    public boolean isStanding() {
        return standing;
    }
}
