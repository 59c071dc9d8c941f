package org.popgate.gateway.feeds;

import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feedstore.Delivery;
import org.popgate.adapters.feedstore.DeliveryOutcome;
import org.popgate.crypto.pack.OpenedPackage;

/**
 * One file or message on its way through the feed pipeline: what arrived on which channel, and what each
 * step made of it. The body of the feed routes; it never prints its payload.
 */
public final class FeedDelivery {

    final Counterpart counterpart;
    final String channelMember;
    final String transport;
    final String exchangeId;
    final byte[] payload;
    final boolean packaged;
    final String certificate;
    /** Who handed it in when it is not a package (a re-submission by a person or a member system), else null. */
    org.popgate.audit.event.Actor actor;
    Delivery delivery;
    OpenedPackage opened;
    DeliveryOutcome outcome;
    String refusal;

    FeedDelivery(Counterpart counterpart, String channelMember, String transport, String exchangeId, byte[] payload,
            boolean packaged, String certificate) {
        this.counterpart = counterpart;
        this.channelMember = channelMember;
        this.transport = transport;
        this.exchangeId = exchangeId;
        this.payload = payload;
        this.packaged = packaged;
        this.certificate = certificate;
    }

    /** What became of it, once the pipeline ran. */
    public DeliveryOutcome outcome() {
        return outcome;
    }

    /** The reason code when it was refused before its content was read, else {@code null}. */
    public String refusal() {
        return refusal;
    }

    /** The business key it is recorded under: {@code <member>/<exchange id>}. */
    public String key() {
        return channelMember + "/" + exchangeId;
    }

    @Override
    public String toString() {
        return "FeedDelivery[" + counterpart.code() + ", " + transport + ", " + key() + "]";
    }
}
