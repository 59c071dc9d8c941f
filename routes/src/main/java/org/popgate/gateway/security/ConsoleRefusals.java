package org.popgate.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Console refusals for people in a browser: a plain 403 page instead of a problem document. A refusal by
 * the access policy is audited (ACCESS_DENIED) like on the API; a missing or stale CSRF token is not an
 * authorisation decision and is only answered.
 */
final class ConsoleRefusals implements AccessDeniedHandler {

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="UTF-8"><title>popgate</title>
            <link rel="stylesheet" href="/console/assets/console.css"></head>
            <body><main><h1 id="denied">无权访问 · Access denied</h1>
            <p>您的角色不能打开此页面。 Your role cannot open this page.</p>
            <p><a href="/console">控制台 · Console</a></p></main></body></html>
            """;

    private final ProblemResponses problems;

    ConsoleRefusals(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        if (!(e instanceof CsrfException)) {
            problems.auditRefusal(request);
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(PAGE.getBytes(StandardCharsets.UTF_8));
    }
}
