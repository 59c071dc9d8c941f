package org.popgate.gateway.protection;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.api.Problems;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the API requests worked on at once (password hashing included): a request that finds no free slot
 * within a short wait gets 503 with Retry-After instead of piling up threads until the gateway falls over.
 */
final class BoundedWorkFilter extends OncePerRequestFilter {

    private final Semaphore slots;
    private final Duration wait;
    private final Duration retryAfter;

    BoundedWorkFilter(int maxConcurrent, Duration wait, Duration retryAfter) {
        this.slots = new Semaphore(maxConcurrent, true);
        this.wait = wait;
        this.retryAfter = retryAfter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            Problems.write(response, ErrorCode.OVERLOADED, retryAfter);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            slots.release();
        }
    }

    /** Free slots now (for tests and metrics). */
    int available() {
        return slots.availablePermits();
    }
}
