package org.popgate.gateway.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem details with the gateway's {@code code} property, for controllers (as {@link ProblemDetail})
 * and for servlet filters that answer before Spring MVC does (written directly).
 */
public final class Problems {

    /** The media type of problem details. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {}

    /** A problem for {@code code} with {@code sentence} as its detail. */
    public static ProblemDetail of(ErrorCode code, String sentence) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), sentence);
        problem.setType(type(code));
        problem.setTitle(code.status().getReasonPhrase());
        problem.setProperty("code", code.code());
        return problem;
    }

    /** The type URI: a stable name per code (documented in the OpenAPI description). */
    public static URI type(ErrorCode code) {
        return URI.create("urn:popgate:problem:" + code.code());
    }

    /** Writes a problem from a filter; the sentence comes from our code, never from the request. */
    public static void write(HttpServletResponse response, ErrorCode code, String sentence, Duration retryAfter)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(code.status().value());
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)));
        }
        String json = "{\"type\":\"" + type(code) + "\",\"title\":\"" + escape(code.status().getReasonPhrase())
                + "\",\"status\":" + code.status().value() + ",\"detail\":\"" + escape(sentence) + "\",\"code\":\""
                + code.code() + "\"}";
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        response.flushBuffer();
    }

    /** Writes the code's own sentence. */
    public static void write(HttpServletResponse response, ErrorCode code, Duration retryAfter) throws IOException {
        write(response, code, code.sentence(), retryAfter);
    }

    /** Whole seconds, at least one: a client told "0" would retry at once. */
    public static long retryAfterSeconds(Duration retryAfter) {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
