package org.popgate.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error under the API into a problem detail with a stable code. Spring's own problems are
 * rebuilt from scratch: their details quote parse errors and field values, which may be personal data.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException e) {
        return respond(e.code(), e.getMessage(), e);
    }

    @ExceptionHandler(AuditException.class)
    ResponseEntity<Object> audit(AuditException e) {
        log.error("Audit append failed: {}", e.code().code());
        if (e.code() == AuditErrorCode.INVALID_FIELD || e.code() == AuditErrorCode.MISSING_FIELD) {
            return respond(ErrorCode.VALIDATION_FAILED, ErrorCode.VALIDATION_FAILED.sentence(), null);
        }
        return respond(ErrorCode.AUDIT_UNAVAILABLE, ErrorCode.AUDIT_UNAVAILABLE.sentence(), null);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> denied(AccessDeniedException e) {
        return respond(ErrorCode.ACCESS_DENIED, ErrorCode.ACCESS_DENIED.sentence(), null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        ApiException cause = apiCause(e);
        if (cause != null) {
            return api(cause);
        }
        // The message may quote data (SQL values, parser input): log the type and where, not the text.
        log.error("Unhandled {} on {} {}", e.getClass().getName(), request.getMethod(), request.getRequestURI());
        return respond(ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_ERROR.sentence(), null);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ApiException cause = apiCause(ex);
        if (cause != null) {
            return api(cause);
        }
        ErrorCode code = switch (statusCode.value()) {
            case 400 -> ex instanceof org.springframework.http.converter.HttpMessageNotReadableException
                    ? ErrorCode.MALFORMED_REQUEST : ErrorCode.VALIDATION_FAILED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.OVERLOADED;
            default -> statusCode.is4xxClientError() ? ErrorCode.VALIDATION_FAILED : ErrorCode.INTERNAL_ERROR;
        };
        HttpHeaders kept = new HttpHeaders();
        if (headers.getAllow() != null && !headers.getAllow().isEmpty()) {
            kept.setAllow(headers.getAllow());
        }
        ResponseEntity<Object> response = respond(code, code.sentence(), null);
        return ResponseEntity.status(response.getStatusCode()).headers(kept).headers(response.getHeaders())
                .body(response.getBody());
    }

    private static ResponseEntity<Object> respond(ErrorCode code, String sentence, ApiException e) {
        ProblemDetail problem = Problems.of(code, sentence);
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(HttpStatus.valueOf(code.status().value()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e != null && e.retryAfter() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(Problems.retryAfterSeconds(e.retryAfter())));
        }
        return builder.body(problem);
    }

    private static ApiException apiCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }
}
