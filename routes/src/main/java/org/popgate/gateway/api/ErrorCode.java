package org.popgate.gateway.api;

import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * The stable error codes of the API boundary: each is a problem detail's {@code code} property, with its
 * HTTP status and a human sentence that never carries personal data or echoes the request.
 */
public enum ErrorCode {
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication is required."),
    CERTIFICATE_INVALID(HttpStatus.UNAUTHORIZED, "The client certificate is not one the gateway issued or is not valid now."),
    ACCESS_DENIED(HttpStatus.FORBIDDEN, "The caller may not do this."),
    ACCOUNT_DISABLED(HttpStatus.UNAUTHORIZED, "Authentication is required."),
    MEMBER_SUSPENDED(HttpStatus.FORBIDDEN, "The member is suspended."),
    MEMBER_REVOKED(HttpStatus.FORBIDDEN, "The member or its certificate is revoked."),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests; retry after the time given."),
    LOGIN_THROTTLED(HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins; retry after the time given."),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than the gateway accepts."),
    OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "The gateway is busy; retry after the time given."),
    AUDIT_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The audit log cannot be written, so the gateway refuses the action."),
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "The request body cannot be read."),
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "The request is not valid."),
    BAD_CSR(HttpStatus.BAD_REQUEST, "The certificate signing request is not acceptable."),
    NOT_FOUND(HttpStatus.NOT_FOUND, "There is no such resource."),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "The resource does not support this method."),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The request's content type is not supported."),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "The gateway cannot answer in the requested media type."),
    CONFLICT(HttpStatus.CONFLICT, "The resource already exists."),
    INVALID_STATE(HttpStatus.CONFLICT, "The resource is not in a state that allows this."),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "The gateway failed to handle the request."),
    BACKUP_NOT_CONFIGURED(HttpStatus.CONFLICT, "Backups need the recipient (and for keys the escrow) certificate configured."),
    BACKUP_FAILED(HttpStatus.SERVICE_UNAVAILABLE, "The backup could not be taken; the audit log names the reason."),

    // Pulls (issue E): filing, approval, execution, lookups and receipts.
    PURPOSE_NOT_IN_CATALOGUE(HttpStatus.UNPROCESSABLE_CONTENT, "The data-sharing catalogue has no such purpose for the department."),
    UNKNOWN_FIELD(HttpStatus.BAD_REQUEST, "The request names a field or category the gateway does not know."),
    FIELD_NOT_SHAREABLE(HttpStatus.UNPROCESSABLE_CONTENT, "A requested field is not shareable for this purpose."),
    INVALID_SELECTION(HttpStatus.BAD_REQUEST, "The selection is malformed."),
    INVALID_ID_NUMBERS(HttpStatus.BAD_REQUEST, "Some ID numbers in the list are not valid."),
    ID_LIST_TOO_LARGE(HttpStatus.BAD_REQUEST, "The list of ID numbers is longer than the gateway accepts."),
    SELECTION_EMPTY(HttpStatus.UNPROCESSABLE_CONTENT, "The selection matches nobody."),
    PULL_NOT_APPROVED(HttpStatus.CONFLICT, "The pull has no approval."),
    APPROVAL_EXPIRED(HttpStatus.CONFLICT, "The approval has expired."),
    APPROVAL_REVOKED(HttpStatus.CONFLICT, "The approval was revoked."),
    APPROVAL_USED(HttpStatus.CONFLICT, "The approval has already been executed."),
    SELF_APPROVAL(HttpStatus.FORBIDDEN, "A requester cannot approve their own pull."),
    SAME_APPROVER(HttpStatus.FORBIDDEN, "The second approval must come from another approver."),
    OVER_QUOTA(HttpStatus.TOO_MANY_REQUESTS, "The department's daily record quota would be exceeded."),
    OVER_CEILING(HttpStatus.UNPROCESSABLE_CONTENT, "The pull would exceed the record ceiling of its approval."),
    NOT_STANDING(HttpStatus.CONFLICT, "Single-person lookups need a standing approval; this pull is not one."),
    LOOKUP_QUOTA_EXHAUSTED(HttpStatus.TOO_MANY_REQUESTS, "The standing approval's lookups for today are used up."),
    RECEIPT_INVALID(HttpStatus.UNPROCESSABLE_CONTENT, "The receipt does not verify or does not acknowledge this package."),
    PULL_FAILED(HttpStatus.INTERNAL_SERVER_ERROR, "The pull failed; no package was delivered and the failure is audited."),

    // Migrant exchange (issue G).
    UNKNOWN_OFFICE(HttpStatus.UNPROCESSABLE_CONTENT, "No migrant office is known for this registration place or name."),
    TRANSPORT_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The message broker did not take the message; nothing was sent.");

    private final HttpStatus status;
    private final String sentence;

    ErrorCode(HttpStatus status, String sentence) {
        this.status = status;
        this.sentence = sentence;
    }

    /** The code clients match on, e.g. {@code member_revoked}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public HttpStatus status() {
        return status;
    }

    /** The default human sentence. */
    public String sentence() {
        return sentence;
    }
}
