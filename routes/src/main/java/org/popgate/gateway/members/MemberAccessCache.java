package org.popgate.gateway.members;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The per-request member check's two reads (the presented certificate's record, the member's status), kept for at
 * most {@code ttl} (docs/decisions/member-access-cache.md). A change made on this instance empties the cache at once
 * and again when its transaction commits; a change made on another instance is seen here within {@code ttl}.
 * An entry read before an emptying is never served after it (each entry carries the generation it was read in), so
 * a request racing a revocation cannot put the old state back for another {@code ttl}. Keys are certificate serials
 * that passed the TLS handshake (issued by the member CA) and member names: bounded by what the gateway issued.
 * A zero {@code ttl} reads the database on every request.
 */
final class MemberAccessCache {

    private record Entry<V>(Optional<V> value, long loadedAt, long generation) {}

    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, Entry<IssuedCertificate>> certificates = new ConcurrentHashMap<>();
    private final Map<String, Entry<MemberStatus>> statuses = new ConcurrentHashMap<>();

    MemberAccessCache(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.isNegative() ? 0 : ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The certificate with {@code serial}, from the cache or {@code load}. */
    Optional<IssuedCertificate> certificate(String serial, Function<String, Optional<IssuedCertificate>> load) {
        return read(certificates, serial, load);
    }

    /** The status of {@code member} (empty when unknown), from the cache or {@code load}. */
    Optional<MemberStatus> status(String member, Function<String, Optional<MemberStatus>> load) {
        return read(statuses, member, load);
    }

    /**
     * Forgets everything now and, inside a transaction, once more after it commits: between the change and its
     * commit another request could still read, and keep, the state from before.
     */
    void invalidate() {
        clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    clear();
                }
            });
        }
    }

    private void clear() {
        generation.incrementAndGet();
        certificates.clear();
        statuses.clear();
    }

    private <V> Optional<V> read(Map<String, Entry<V>> cache, String key, Function<String, Optional<V>> load) {
        if (ttlNanos == 0) {
            return load.apply(key);
        }
        long now = nanoTime.getAsLong();
        long current = generation.get();
        Entry<V> entry = cache.get(key);
        if (entry != null && entry.generation() == current && now - entry.loadedAt() < ttlNanos) {
            return entry.value();
        }
        Optional<V> value = load.apply(key);
        if (generation.get() == current) {
            // If emptied between this check and the put, the entry keeps the old generation and is never served.
            cache.put(key, new Entry<>(value, now, current));
        }
        return value;
    }
}
