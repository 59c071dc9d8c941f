package org.popgate.gateway.protection;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.popgate.gateway.security.Caller;

/**
 * Token buckets per member system and per account. Keys are authenticated callers only, so the map is
 * bounded by the number of members and accounts, not by what an attacker sends.
 */
public final class RateLimiter {

    private final Limit members;
    private final Limit accounts;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(ProtectionProperties properties, LongSupplier nanoTime) {
        this.members = new Limit(properties.memberRequestsPerSecond(), properties.memberBurst());
        this.accounts = new Limit(properties.accountRequestsPerSecond(), properties.accountBurst());
        this.nanoTime = nanoTime;
    }

    /** Takes one request from the caller's bucket; empty when allowed, else how long to wait. */
    public Optional<Duration> tryAcquire(Caller caller) {
        Limit limit = caller instanceof Caller.MemberSystem ? members : accounts;
        Bucket bucket = buckets.computeIfAbsent(caller.limitKey(), k -> new Bucket(limit.burst, nanoTime.getAsLong()));
        synchronized (bucket) {
            long now = nanoTime.getAsLong();
            bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.updated) / 1e9 * limit.perSecond);
            bucket.updated = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Optional.empty();
            }
            double seconds = (1 - bucket.tokens) / limit.perSecond;
            return Optional.of(Duration.ofNanos((long) Math.ceil(seconds * 1e9)));
        }
    }

    private record Limit(double perSecond, int burst) {}

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
