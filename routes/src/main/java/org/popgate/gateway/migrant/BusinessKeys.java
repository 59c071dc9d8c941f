package org.popgate.gateway.migrant;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Business keys and package ids as time-ordered UUIDs (version 7, RFC 9562: 48 bits of Unix milliseconds, then 74
 * random bits). They are as unguessable as random UUIDs for the purpose here (a key is never a secret; the receiver
 * checks each against what it applied) but new keys sort after old ones, so the database inserts them at the end of
 * its primary-key index instead of into random pages: a package's hundreds of rows touch a few index pages per
 * commit, not hundreds. The key says when a message was created, which its row says anyway.
 */
final class BusinessKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private BusinessKeys() {}

    static String next() {
        return next(Clock.systemUTC());
    }

    static String next(Clock clock) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long millis = clock.millis();
        long high = millis << 16 | 0x7000L | (random[0] & 0x0fL) << 8 | random[1] & 0xffL;
        long low = 0x8000_0000_0000_0000L | (random[2] & 0x3fL) << 56;
        for (int i = 3; i < 10; i++) {
            low |= (random[i] & 0xffL) << (8 * (9 - i));
        }
        return new UUID(high, low).toString();
    }
}
