package org.popgate.gateway.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times on console pages: UTC to the second, as {@code ${utc.format(instant)}}. */
final class ConsoleTime {

    static final ConsoleTime UTC = new ConsoleTime();

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private ConsoleTime() {}

    public String format(Instant instant) {
        return instant == null ? "" : FORMAT.format(instant);
    }
}
