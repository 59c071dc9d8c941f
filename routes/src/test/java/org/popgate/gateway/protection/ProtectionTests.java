package org.popgate.gateway.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.popgate.gateway.config.PopgateProperties;
import org.popgate.gateway.security.Caller;
import org.popgate.gateway.security.Role;
import org.springframework.boot.health.contributor.Status;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/** The protective pieces without a server: token buckets, back-pressure and the disk check. */
class ProtectionTests {

    private static ProtectionProperties properties(int accountBurst, DataSize minFree) {
        return new ProtectionProperties(50, 100, 1, accountBurst, DataSize.ofMegabytes(1), 32, Duration.ofMillis(10),
                Duration.ofSeconds(2), minFree, Duration.ofSeconds(2));
    }

    @Test
    void anAccountPastItsBurstWaitsForItsRateAndOthersAreUnaffected() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(properties(2, DataSize.ofBytes(0)), now::get);
        Caller alice = new Caller.Person(1, "approver", Role.APPROVER, null);
        Caller bob = new Caller.Person(2, "requester", Role.REQUESTER, "431128.health");
        assertThat(limiter.tryAcquire(alice)).isEmpty();
        assertThat(limiter.tryAcquire(alice)).isEmpty();
        assertThat(limiter.tryAcquire(alice)).hasValueSatisfying(wait -> assertThat(wait).isEqualTo(Duration.ofSeconds(1)));
        assertThat(limiter.tryAcquire(bob)).isEmpty();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(limiter.tryAcquire(alice)).isEmpty();
    }

    @Test
    void workBeyondTheBoundGets503WithRetryAfter() throws Exception {
        BoundedWorkFilter filter = new BoundedWorkFilter(1, Duration.ofMillis(20), Duration.ofSeconds(2));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            try {
                filter.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), (rq, rs) -> {
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        busy.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        MockHttpServletResponse refused = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest(), refused, (rq, rs) -> { });
        release.countDown();
        busy.join();
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("2");
        assertThat(refused.getContentAsString()).contains("\"code\":\"overloaded\"");
        assertThat(filter.available()).isEqualTo(1);
    }

    @Test
    void readinessIsDownWhenTheDataDiskIsNearlyFull() {
        PopgateProperties popgate = new PopgateProperties(Path.of(System.getProperty("java.io.tmpdir")), null, null);
        assertThat(new DataDiskHealthIndicator(popgate, properties(1, DataSize.ofTerabytes(1_000_000))).health()
                .getStatus()).isEqualTo(Status.DOWN);
        assertThat(new DataDiskHealthIndicator(popgate, properties(1, DataSize.ofBytes(1))).health().getStatus())
                .isEqualTo(Status.UP);
    }
}
