package org.popgate.crypto.pack;

import java.util.Objects;

/**
 * What the reader expects of a package, from outside it (the exchange record, the delivery):
 * a package replayed under another exchange, addressed to another member or signed by another
 * sender is refused even though it is otherwise valid.
 *
 * @param exchangeId the exchange this delivery belongs to
 * @param recipient the member the manifest must name as recipient (an archive reader names the department)
 * @param sender the member that must have signed, or {@code null} to accept any trusted member named in the manifest
 */
public record Expected(String exchangeId, String recipient, String sender) {

    public Expected {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(recipient, "recipient");
    }

    /** Expects {@code exchangeId} addressed to {@code recipient} from {@code sender}. */
    public static Expected of(String exchangeId, String recipient, String sender) {
        return new Expected(exchangeId, recipient, sender);
    }
}
