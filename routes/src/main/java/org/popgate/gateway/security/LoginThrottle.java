package org.popgate.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per account name: past the limit within the window, the name is locked out for a
 * while, so passwords cannot be guessed at speed. Names are kept case-folded so case games don't help.
 */
final class LoginThrottle {

    private static final int MAX_TRACKED = 100_000;

    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    LoginThrottle(int maxFailures, Duration window, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** How long {@code name} must still wait, if it is locked out. */
    Optional<Duration> lockedFor(String name) {
        State state = states.get(key(name));
        if (state == null) {
            return Optional.empty();
        }
        synchronized (state) {
            Instant now = clock.instant();
            return state.lockedUntil != null && now.isBefore(state.lockedUntil)
                    ? Optional.of(Duration.between(now, state.lockedUntil)) : Optional.empty();
        }
    }

    void failed(String name) {
        if (states.size() > MAX_TRACKED) {
            // Bounded memory under a spray of random names: forget the oldest picture rather than fall over.
            states.clear();
        }
        State state = states.computeIfAbsent(key(name), k -> new State());
        synchronized (state) {
            Instant now = clock.instant();
            while (!state.failures.isEmpty() && state.failures.peekFirst().isBefore(now.minus(window))) {
                state.failures.removeFirst();
            }
            state.failures.addLast(now);
            if (state.failures.size() >= maxFailures) {
                state.lockedUntil = now.plus(lockout);
                state.failures.clear();
            }
        }
    }

    void succeeded(String name) {
        states.remove(key(name));
    }

    private static String key(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }

    private static final class State {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil;
    }
}
