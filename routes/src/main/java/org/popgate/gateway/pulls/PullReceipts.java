package org.popgate.gateway.pulls;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.ids.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receipts that arrive as messages (Artemis queue or Kafka topic {@code popgate.pull.receipts}) instead of API calls.
 * Each goes through {@link PullService#receiptMessage}, the API's own verification; a refused one (garbage, bad
 * signature, another member's certificate, an unknown or closed exchange) is kept whole with its stable code, listed
 * through {@code GET /api/v1/pulls/receipts/refused}, and the message is consumed. Anything else (the database is
 * down) propagates, so the broker delivers the message again.
 */
final class PullReceipts {

    /** The queue and the topic departments send receipts to. */
    static final String DESTINATION = "popgate.pull.receipts";
    /** The most bytes of one refused message kept (a receipt is a few kilobytes; garbage is cut, and says so). */
    static final int MAX_KEPT = 1 << 20;

    private static final Logger log = LoggerFactory.getLogger(PullReceipts.class);

    private final PullService service;
    private final PullRepository pulls;
    private final Clock clock;

    PullReceipts(PullService service, PullRepository pulls, Clock clock) {
        this.service = service;
        this.pulls = pulls;
        this.clock = clock;
    }

    /** Takes one receipt message from {@code channel}; returns the refusal's code, or null when it closed the exchange. */
    String accept(byte[] body, String channel) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            service.receiptMessage(text, channel);
            return null;
        } catch (ApiException e) {
            String code = e.code().code();
            String reason = e.getMessage() + (body.length > MAX_KEPT ? " (message cut to " + MAX_KEPT + " bytes)" : "");
            pulls.insertRefusedReceipt(new PullService.RefusedReceipt(TimeOrderedIds.next(clock), clock.instant(),
                    channel, PullService.exchangeIdOf(text), code, reason, null),
                    body.length > MAX_KEPT ? Arrays.copyOf(body, MAX_KEPT) : body);
            log.warn("A receipt message on {} was refused: {}", channel, code);
            return code;
        }
    }
}
