package org.popgate.adapters.feedstore;

import java.time.LocalDate;
import java.util.Objects;
import org.popgate.adapters.feed.Counterpart;

/**
 * One file or message batch as it arrived.
 *
 * @param exchangeId the delivery's business key: the package's exchange id, or {@code sha256:<hex>} of a plain file
 * @param sender the member that sent it (verified signer of the package, or the trusted folder's configured member)
 * @param transport how it came: {@code folder}, {@code artemis}, {@code https}, {@code resubmission}
 * @param packaged whether it came as a signed and encrypted exchange package (else a plain file from the trusted folder)
 * @param today the date validation treats as today (dates after it are in the future)
 */
public record Delivery(String exchangeId, Counterpart counterpart, String sender, String transport, boolean packaged,
        LocalDate today) {

    public Delivery {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(counterpart, "counterpart");
        Objects.requireNonNull(sender, "sender");
        if (exchangeId.isBlank() || exchangeId.length() > 128) {
            throw new IllegalArgumentException("an exchange id has 1 to 128 characters");
        }
    }
}
