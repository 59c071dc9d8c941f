package org.popgate.gateway.protection;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.api.Problems;
import org.popgate.gateway.security.Caller;
import org.popgate.gateway.security.Callers;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** 429 with Retry-After once a member system or an account is past its rate (runs after authentication). */
public final class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = Callers.of(SecurityContextHolder.getContext().getAuthentication());
        if (caller != null) {
            Optional<Duration> wait = limiter.tryAcquire(caller);
            if (wait.isPresent()) {
                Problems.write(response, ErrorCode.RATE_LIMITED, wait.get());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
