package org.popgate.gateway.feeds;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.popgate.adapters.civilaffairs.CivilAffairsMessageParser;
import org.popgate.adapters.education.RosterFileParser;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.FeedLimits;
import org.popgate.adapters.feed.FeedParser;
import org.popgate.adapters.feedstore.Delivery;
import org.popgate.adapters.feedstore.DeliveryOutcome;
import org.popgate.adapters.feedstore.FeedDeliveries;
import org.popgate.adapters.feedstore.PopulationQuality;
import org.popgate.adapters.health.HealthMessageParser;
import org.popgate.adapters.police.PoliceChangeFileParser;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.Digest;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.crypto.ca.CertificateTrust;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.column.ColumnCipher;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.pack.Expected;
import org.popgate.crypto.pack.PackageReader;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.members.MemberCas;
import org.popgate.gateway.security.MemberStatusCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of every inbound feed, as plain methods the routes call in order: receive ─► open (decrypt,
 * verify the sender's certificate and membership) ─► parse, validate and apply ─► audit. Each step is an
 * audit event; a delivery refused at one step passes the later ones untouched, so nothing is lost.
 */
public class FeedSteps {

    private static final Logger log = LoggerFactory.getLogger(FeedSteps.class);
    private static final Pattern EXCHANGE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    static final String FLOW_PREFIX = "feed.";

    private final FeedDeliveries deliveries;
    private final PopulationQuality quality;
    private final FeedKeys keys;
    private final MemberCas cas;
    private final MemberStatusCheck status;
    private final AuditLog auditLog;
    private final ColumnCipher cipher;
    private final FeedsProperties properties;
    private final String gatewayMember;
    private final java.nio.file.Path spool;
    private final Clock clock;

    FeedSteps(FeedDeliveries deliveries, PopulationQuality quality, FeedKeys keys, MemberCas cas,
            MemberStatusCheck status, AuditLog auditLog, ColumnCipher cipher, FeedsProperties properties,
            String gatewayMember, java.nio.file.Path spool, Clock clock) {
        this.deliveries = deliveries;
        this.quality = quality;
        this.keys = keys;
        this.cas = cas;
        this.status = status;
        this.auditLog = auditLog;
        this.cipher = cipher;
        this.properties = properties;
        this.gatewayMember = gatewayMember;
        this.spool = spool;
        this.clock = clock;
    }

    /** The member a counterpart's channels belong to, e.g. {@code 431128.police}. */
    String memberOf(Counterpart counterpart) {
        return properties.region() + "." + counterpart.code();
    }

    /** A package dropped into the inbox folder, named {@code <exchange id>.p7m}. */
    FeedDelivery packageFile(Counterpart counterpart, String fileName, byte[] bytes) {
        String id = fileName.endsWith(".p7m") ? fileName.substring(0, fileName.length() - 4) : fileName;
        return new FeedDelivery(counterpart, memberOf(counterpart), "folder", id, bytes, true, null);
    }

    /** A plain file from the explicitly trusted folder: recorded under its SHA-256. */
    FeedDelivery plainFile(Counterpart counterpart, byte[] bytes) {
        return new FeedDelivery(counterpart, memberOf(counterpart), "trusted-folder", "sha256-" + sha256(bytes).hex(),
                bytes, false, null);
    }

    /** A package from the member's Artemis queue. */
    FeedDelivery queueMessage(Counterpart counterpart, String exchangeId, byte[] bytes) {
        return new FeedDelivery(counterpart, memberOf(counterpart), "artemis", exchangeId, bytes, true, null);
    }

    /** A package POSTed over mutual TLS by {@code member}. */
    FeedDelivery httpsPost(Counterpart counterpart, String member, String certificateSerial, String exchangeId,
            byte[] bytes) {
        return new FeedDelivery(counterpart, member, "https", exchangeId, bytes, true, certificateSerial);
    }

    /** A corrected rejected record, handed in again through the API by its sender. */
    FeedDelivery resubmission(Counterpart counterpart, String member, long rejectId, byte[] file, Actor actor) {
        FeedDelivery d = new FeedDelivery(counterpart, member, "resubmission",
                "resubmit-" + rejectId + "-" + sha256(file).hex().substring(0, 16), file, false, null);
        d.actor = actor;
        return d;
    }

    // ------------------------------------------------------------------ the pipeline

    /** Receive: a well-formed exchange id, not seen before; the receipt is audited with the payload's digest. */
    public FeedDelivery receive(FeedDelivery d) {
        Outcome outcome = Outcome.SUCCEEDED;
        if (d.exchangeId == null || !EXCHANGE_ID.matcher(d.exchangeId).matches()) {
            d.refusal = "feed_bad_exchange_id";
            outcome = Outcome.FAILED;
        } else if (deliveries.seen(d.key())) {
            d.outcome = new DeliveryOutcome(DeliveryOutcome.Status.DUPLICATE, null, 0, 0, 0, 0, null, 0);
        }
        AuditEvent.Builder event = event(EventType.FEED_RECEIVED, d).requestDigest(sha256(d.payload))
                .outcome(outcome).attribute("transport", d.transport).attribute("packaged", Boolean.toString(d.packaged))
                .attribute("bytes", Integer.toString(d.payload.length));
        if (!d.packaged && d.actor == null) {
            // without a configured trusted folder, plain files come only from the demo simulators' own folder
            // (an empty attribute is refused by the audit log, which failed every simulated file of the demo)
            event.attribute("trusted_folder", properties.trustedDir() == null ? "<data-dir>/feeds/simulated"
                    : properties.trustedDir().toString());
        }
        if (d.outcome != null) {
            event.attribute("duplicate", "true");
        }
        if (d.refusal != null) {
            event.reason(d.refusal);
        }
        auditLog.append(event.build());
        return d;
    }

    /** Open: decrypt with the gateway's feed key, verify the signature, the certificate and the member's status. */
    public FeedDelivery open(FeedDelivery d) {
        if (d.refusal != null || d.outcome != null) {
            return d;
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
        if (!d.packaged) {
            d.delivery = new Delivery(d.key(), d.counterpart, d.channelMember, d.transport, false, today);
            return d;
        }
        try {
            status.requireActive(d.channelMember);
        } catch (ApiException e) {
            d.refusal = "feed_" + e.code().code();
            return d;
        }
        try {
            d.opened = reader().open(new ByteArrayInputStream(d.payload),
                    Expected.of(d.exchangeId, gatewayMember, d.channelMember));
            d.delivery = new Delivery(d.key(), d.counterpart, d.channelMember, d.transport, true, today);
        } catch (CryptoException e) {
            d.refusal = e.code().code();
        }
        return d;
    }

    /** Parse ─► validate ─► apply, under the counterpart's policy; or keep a refused delivery with its reason. */
    public FeedDelivery apply(FeedDelivery d) {
        if (d.outcome != null) {
            return d;
        }
        if (d.refusal != null) {
            String key = "refused/" + sha256(d.payload).hex();
            deliveries.refuse(new Delivery(key, d.counterpart, d.channelMember, d.transport, d.packaged,
                    LocalDate.now(clock)), d.refusal, kept(d, key));
            d.outcome = new DeliveryOutcome(DeliveryOutcome.Status.REJECTED, null, 0, 0, 0, 0, d.refusal, 0);
            return d;
        }
        try (InputStream in = d.opened != null ? d.opened.content() : new ByteArrayInputStream(d.payload)) {
            d.outcome = deliveries.receive(d.delivery, parser(d.counterpart, d.delivery.today()), in, kept(d, d.key()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (d.opened != null) {
                d.opened.close();
            }
        }
        return d;
    }

    /** Audit: validated (records read) and applied or rejected; then the quality trend moves on. */
    public FeedDelivery audit(FeedDelivery d) {
        DeliveryOutcome o = d.outcome;
        if (o.status() == DeliveryOutcome.Status.DUPLICATE) {
            return d;
        }
        if (o.report() != null) {
            auditLog.append(event(EventType.FEED_VALIDATED, d).recordCount(o.report().read())
                    .attribute("accepted", Long.toString(o.report().accepted()))
                    .attribute("rejected", Long.toString(o.rejected())).build());
        }
        if (o.status() == DeliveryOutcome.Status.APPLIED) {
            auditLog.append(event(EventType.FEED_APPLIED, d).recordCount(o.applied())
                    .attribute("skipped_as_applied_before", Long.toString(o.skipped()))
                    .attribute("rejected", Long.toString(o.rejected()))
                    .attribute("conflicts", Long.toString(o.conflicts())).build());
            if (properties.qualityAfterEachFeed() && o.applied() > 0) {
                quality.snapshot(d.key(), LocalDate.now(clock));
            }
        } else {
            auditLog.append(event(EventType.FEED_REJECTED, d).outcome(Outcome.FAILED).reason(o.reason())
                    .attribute("position", Long.toString(o.position()))
                    .attribute("rejected", Long.toString(o.rejected())).build());
        }
        log.info("Feed {} from {}: {} (applied {}, rejected {}, skipped {})", d.exchangeId, d.channelMember,
                o.status(), o.applied(), o.rejected(), o.skipped());
        return d;
    }

    // ------------------------------------------------------------------ helpers

    private AuditEvent.Builder event(EventType type, FeedDelivery d) {
        return AuditEvent.builder(type)
                .actor(d.actor != null ? d.actor : d.packaged ? Actor.member(d.channelMember, d.channelMember, d.certificate)
                        : Actor.gateway(gatewayMember))
                .exchangeId(d.key().length() > 128 ? d.key().substring(0, 128) : d.key())
                .flow(FLOW_PREFIX + d.counterpart.code());
    }

    /** Packages are kept as received (still encrypted to the gateway); plain files encrypted at rest. */
    private byte[] kept(FeedDelivery d, String key) {
        return d.packaged ? d.payload : cipher.encrypt("feed_delivery", "payload", key, d.payload);
    }

    private PackageReader reader() {
        // Built per delivery so that a certificate revoked a moment ago is refused now.
        CertificateTrust trust = CertificateTrust.anchoredAt(cas.all().stream().map(MemberCa::certificate).toList());
        for (MemberCa ca : cas.all()) {
            trust = trust.withCrl(ca.crl());
        }
        return PackageReader.of(CryptoSuite.INTL, keys.key(), keys.certificate(), trust, spool, clock);
    }

    static FeedParser parser(Counterpart counterpart, LocalDate today) {
        return switch (counterpart) {
            case POLICE -> new PoliceChangeFileParser(FeedLimits.DEFAULT, today)::parse;
            case EDUCATION -> new RosterFileParser(FeedLimits.DEFAULT, today)::parse;
            case CIVIL_AFFAIRS -> new CivilAffairsMessageParser(FeedLimits.DEFAULT, today)::parse;
            case HEALTH -> new HealthMessageParser(FeedLimits.DEFAULT, today)::parse;
        };
    }

    static Digest sha256(byte[] bytes) {
        try {
            return new Digest(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
