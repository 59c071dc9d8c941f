package org.popgate.gateway.migrant;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.stereotype.Component;

/**
 * The clock the migrant exchange reads: the system clock in production; tests replace it with a fixed clock
 * and move it forward, so deadline bookkeeping is proved without sleeping.
 */
@Component
public class MigrantClock {

    private volatile Clock clock = Clock.systemUTC();
    private final ZoneId zone;

    MigrantClock(MigrantProperties properties) {
        this.zone = properties.zone();
    }

    /** Replaces the clock (tests: {@code Clock.fixed}). */
    public void set(Clock clock) {
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Today in the offices' zone. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    Clock clock() {
        return clock;
    }
}
