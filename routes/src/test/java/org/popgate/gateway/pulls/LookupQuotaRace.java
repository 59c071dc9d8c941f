package org.popgate.gateway.pulls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.popgate.gateway.support.TestGateway;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One standing approval's daily lookup quota taken by two gateway instances on one database at once: the running
 * gateway, called through its API by the department system, and a second instance's {@link LookupCounter} on the same
 * database. The second instance first takes a few lookups and shuts down (giving its unused block back), then both
 * race until each is refused. Every lookup of the day is handed out exactly once: the successes add up to the quota,
 * no more (instances counting in memory would together allow twice the quota) and no fewer (a block lost at shutdown).
 */
final class LookupQuotaRace {

    private LookupQuotaRace() {}

    static void run(TestGateway gateway, HttpClient departmentSystem, String pullId, int limit, List<String> idNumbers)
            throws Exception {
        ZoneId zone = gateway.bean(PullProperties.class).zone();
        Instant dayStart = LocalDate.now(zone).atStartOfDay(zone).toInstant();

        LookupCounter earlier = secondInstance(gateway);
        int taken = 0;
        for (int i = 0; i < 5; i++) {
            assertThat(earlier.take(pullId, dayStart, limit)).isTrue();
            taken++;
        }
        earlier.close();
        assertThat(earlier.take(pullId, dayStart, limit)).as("a closed counter hands out nothing").isFalse();

        LookupCounter other = secondInstance(gateway);
        AtomicInteger viaApi = new AtomicInteger();
        AtomicInteger viaOther = new AtomicInteger();
        CountDownLatch apiStarted = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int t = 0; t < 3; t++) {
                int offset = t;
                running.add(threads.submit(() -> {
                    for (int i = offset; ; i += 3) {
                        TestGateway.Response r = TestGateway.send(departmentSystem, HttpRequest.newBuilder(
                                gateway.https("/api/v1/pulls/" + pullId + "/lookups")).header("Content-Type", "application/json")
                                .POST(TestGateway.json(Map.of("idNumber", idNumbers.get(i % idNumbers.size())))).build());
                        if (r.status() != 200) {
                            PullClient.assertRefused(r, 429, "lookup_quota_exhausted");
                            apiStarted.countDown();
                            return null;
                        }
                        viaApi.incrementAndGet();
                        apiStarted.countDown();
                    }
                }));
                running.add(threads.submit(() -> {
                    assertThat(apiStarted.await(60, TimeUnit.SECONDS)).isTrue();
                    while (other.take(pullId, dayStart, limit)) {
                        viaOther.incrementAndGet();
                        Thread.sleep(1);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            other.close();
        }
        assertThat(viaApi.get()).as("lookups through the API").isPositive();
        assertThat(viaOther.get()).as("lookups on the second instance").isPositive();
        assertThat(taken + viaApi.get() + viaOther.get()).as("lookups handed out by both instances").isEqualTo(limit);
    }

    private static LookupCounter secondInstance(TestGateway gateway) {
        return new LookupCounter(gateway.bean(PullRepository.class),
                new TransactionTemplate(gateway.bean(PlatformTransactionManager.class)));
    }
}
