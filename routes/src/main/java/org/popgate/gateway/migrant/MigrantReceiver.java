package org.popgate.gateway.migrant;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.popgate.adapters.migrant.DeadlinePolicy;
import org.popgate.adapters.migrant.WorkingDayCalendar;
import org.popgate.adapters.population.PersonRepository;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.crypto.error.CryptoException;
import org.popgate.gateway.migrant.MigrantStore.Direction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Receives one delivered package for an office hosted here, whatever the transport: checks size and office,
 * opens and verifies it, checks every message, and applies the effects — the business keys, the package record
 * and the effect tally — in one database transaction. The transport acknowledges only after this returns, so a
 * crash before the commit means a redelivery, and a redelivery after the commit finds the package applied and
 * has no second effect. What cannot be processed goes to the dead-letter table with its reason, in its own
 * transaction; an infrastructure failure (database down) throws, and the transport redelivers.
 */
final class MigrantReceiver {

    private static final Logger log = LoggerFactory.getLogger(MigrantReceiver.class);
    private static final String REPLAYED_KEY = "A message of the package was applied before, from another package.";

    /** One delivery as the transport got it. */
    record Delivery(String transport, String office, String packageId, byte[] bytes) {}

    /** What became of a delivery. */
    enum Result { APPLIED, DUPLICATE, DEAD_LETTERED }

    private final OfficeKeys offices;
    private final MigrantStore store;
    private final PersonRepository persons;
    private final AuditLog auditLog;
    private final MigrantAudit audit;
    private final TransactionTemplate tx;
    private final MigrantClock clock;
    private final MigrantProperties properties;
    private final DeadlinePolicy policy;
    private final WorkingDayCalendar calendar;
    private final Path spool;
    private final Actor gateway;
    private volatile MigrantPackages.Codec codec = MigrantPackages.SECURE;
    private final Set<String> talliedOffices = java.util.concurrent.ConcurrentHashMap.newKeySet();

    MigrantReceiver(OfficeKeys offices, MigrantStore store, PersonRepository persons, MigrantAudit audit,
            TransactionTemplate tx, MigrantClock clock, MigrantProperties properties,
            DeadlinePolicy policy, WorkingDayCalendar calendar, Path spool, Actor gateway) {
        this.offices = offices;
        this.store = store;
        this.persons = persons;
        this.auditLog = audit.log();
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
        this.policy = policy;
        this.calendar = calendar;
        this.spool = spool;
        this.gateway = gateway;
    }

    /** The benchmark's baseline seam: the gateway itself always uses {@link MigrantPackages#SECURE}. */
    void useCodec(MigrantPackages.Codec codec) {
        this.codec = codec;
    }

    Result receive(Delivery delivery) {
        if (delivery.office() != null && !talliedOffices.contains(delivery.office())
                && offices.hosted(delivery.office()).isPresent()) {
            store.ensureTally(delivery.office());
            talliedOffices.add(delivery.office());
        }
        try {
            return tx.execute(status -> apply(delivery));
        } catch (DuplicateKeyException e) {
            // A business key of the package is stored already (the primary key of the received rows is the check,
            // rather than a query per package before the insert): either this very package was applied meanwhile
            // by another consumer — nothing more to do — or a key applied before comes again in another package.
            if (store.appliedPackage(delivery.packageId()).isPresent()) {
                return Result.DUPLICATE;
            }
            deadLetter(delivery, MigrantReason.REPLAYED.code(), REPLAYED_KEY);
            return Result.DEAD_LETTERED;
        } catch (MigrantRejection e) {
            deadLetter(delivery, e.code(), e.getMessage());
            return Result.DEAD_LETTERED;
        } catch (CryptoException e) {
            deadLetter(delivery, e.code().code(), "The package failed its cryptographic checks.");
            return Result.DEAD_LETTERED;
        }
    }

    private Result apply(Delivery d) {
        if (d.bytes().length > properties.maxMessageBytes()) {
            throw new MigrantRejection(MigrantReason.MESSAGE_TOO_LARGE,
                    "The package has " + d.bytes().length + " bytes; at most " + properties.maxMessageBytes() + " are accepted.");
        }
        OfficeKeys.Office office = offices.hosted(d.office())
                .orElseThrow(() -> new MigrantRejection(MigrantReason.UNKNOWN_OFFICE, "No such office is hosted here."));
        if (d.packageId() == null || d.packageId().isBlank() || d.packageId().length() > 64) {
            throw new MigrantRejection(MigrantReason.MALFORMED, "The delivery has no valid package id.");
        }
        if (store.appliedPackage(d.packageId()).isPresent()) {
            return Result.DUPLICATE;
        }
        // Certificates are checked against real time; the migrant clock drives the business calendar only.
        MigrantPackages.Opened opened = codec.open(d.bytes(), d.packageId(), office, offices.trust(), spool,
                Clock.systemUTC());
        Instant now = clock.now();
        if (opened.createdAt().isBefore(now.minus(properties.replayWindow()))) {
            throw new MigrantRejection(MigrantReason.REPLAYED, "The package is older than the replay window.");
        }
        LocalDate today = clock.today();
        List<String> keys = new ArrayList<>(opened.messages().size());
        for (MigrantMessage m : opened.messages()) {
            if (!office.name().equals(m.recipient()) || !opened.sender().equals(m.sender())) {
                throw new MigrantRejection(MigrantReason.MALFORMED, "A message names another sender or recipient than its package.");
            }
            keys.add(m.businessKey());
        }
        if (new HashSet<>(keys).size() < keys.size()) {
            throw new MigrantRejection(MigrantReason.REPLAYED, REPLAYED_KEY);
        }
        Set<String> registered = registered(opened.messages(), office.name());
        List<MigrantStore.NewRow> pending = new ArrayList<>();
        for (MigrantMessage m : opened.messages()) {
            if (m.kind() == MigrantMessage.Kind.RECORD || m.kind() == MigrantMessage.Kind.QUERY) {
                if (addressedToOrigin(m) && (m.idNumber() == null || !registered.contains(m.idNumber()))) {
                    throw new MigrantRejection(MigrantReason.PERSON_NOT_REGISTERED,
                            "The person is not registered in the receiving office's county.");
                }
                pending.add(new MigrantStore.NewRow(m, Direction.IN, d.packageId(), "OPEN", now,
                        policy.deadline(m.type(), today, calendar)));
            } else {
                // A feedback or correction may refer to a record earlier in the same package: those are stored first.
                store.insertAll(pending);
                pending.clear();
                applyOne(m, d.packageId(), now, today);
            }
        }
        store.insertAll(pending);
        store.insertPackage(d.packageId(), opened.sender(), office.name(), opened.recordsSha256(),
                opened.messages().size(), now);
        // Appended before the commit: the audit is durable before the effect is; a crash in between shows a
        // RECEIVED event whose effect comes with the redelivery.
        audit.appendPackage(EventType.MIGRANT_MESSAGE_RECEIVED, d.packageId(), opened.messages(), gateway);
        // Last: the office's tally row stays locked only until the commit, not while the audit append waits, so
        // packages received in parallel are not queued behind each other's audit writes.
        store.countEffects(office.name(), opened.messages().size());
        return Result.APPLIED;
    }

    private void applyOne(MigrantMessage m, String packageId, Instant now, LocalDate today) {
        switch (m.kind()) {
            case FEEDBACK -> {
                MigrantStore.Stored original = store.find(m.refersTo() == null ? "" : m.refersTo(), Direction.OUT)
                        .filter(s -> s.message().sender().equals(m.recipient()) && s.message().recipient().equals(m.sender()))
                        .orElseThrow(() -> new MigrantRejection(MigrantReason.UNKNOWN_REFERENCE,
                                "The feedback answers a message this office did not send."));
                store.insert(m, Direction.IN, packageId, "INFO", now, null);
                store.setStatus(original.message().businessKey(), Direction.OUT, "ANSWERED", today);
            }
            case AMENDMENT, WITHDRAWAL -> {
                MigrantStore.Stored original = store.find(m.refersTo() == null ? "" : m.refersTo(), Direction.IN)
                        .filter(s -> s.message().sender().equals(m.sender()) && s.message().recipient().equals(m.recipient()))
                        .orElseThrow(() -> new MigrantRejection(MigrantReason.UNKNOWN_REFERENCE,
                                "The correction refers to a message this office did not receive from its sender."));
                store.insert(m, Direction.IN, packageId, "INFO", now, null);
                if (m.kind() == MigrantMessage.Kind.WITHDRAWAL) {
                    store.setStatus(original.message().businessKey(), Direction.IN, "WITHDRAWN", null);
                } else {
                    MigrantMessage o = original.message();
                    store.replacePayload(o.businessKey(), Direction.IN, new MigrantMessage(o.businessKey(), o.kind(),
                            o.type(), o.sender(), o.recipient(), o.refersTo(), o.idNumber(), o.registrationArea(),
                            m.fields(), o.sentAt()));
                }
            }
            default -> throw new MigrantRejection(MigrantReason.MALFORMED, "Unknown message kind.");
        }
    }

    /** Records always go to the origin; a query may go either way (the origin office asks the destination too). */
    private static boolean addressedToOrigin(MigrantMessage m) {
        return m.registrationArea() != null && m.registrationArea().length() >= 6
                && m.recipient().startsWith(m.registrationArea().substring(0, 6) + ".");
    }

    /** The ID numbers among the package's records and queries to the origin that are registered in its county. */
    private Set<String> registered(List<MigrantMessage> messages, String office) {
        List<String> ids = messages.stream()
                .filter(m -> (m.kind() == MigrantMessage.Kind.RECORD || m.kind() == MigrantMessage.Kind.QUERY)
                        && addressedToOrigin(m) && m.idNumber() != null)
                .map(MigrantMessage::idNumber).distinct().toList();
        return ids.isEmpty() ? Set.of() : persons.registeredAmong(ids, office.substring(0, 6));
    }

    private void deadLetter(Delivery d, String code, String detail) {
        Instant now = clock.now();
        long id = tx.execute(status -> {
            long inserted = store.insertDeadLetter(d.transport(), d.office(), d.packageId(), code, detail, d.bytes(), now);
            auditLog.append(AuditEvent.builder(EventType.MIGRANT_MESSAGE_RECEIVED)
                    .actor(gateway)
                    .flow("migrant")
                    .exchangeId(d.packageId() == null ? "-" : d.packageId())
                    .operation("dead-letter")
                    .attribute("dead_letter", Long.toString(inserted))
                    .outcome(Outcome.FAILED)
                    .reason(code)
                    .build());
            return inserted;
        });
        log.warn("Migrant delivery dead-lettered as {} ({}), dead letter {}", code, d.transport(), id);
    }

    /** Replays a dead letter: the same checks again; a second failure keeps it (a new dead letter with the new reason). */
    Result replay(long id) {
        byte[] bytes = store.deadLetterPackage(id).orElseThrow();
        MigrantStore.DeadLetter letter = store.deadLetters(null).stream().filter(l -> l.id() == id).findFirst().orElseThrow();
        Result result = receive(new Delivery(letter.transport(), letter.office(), letter.packageId(), bytes));
        tx.executeWithoutResult(s -> store.setDeadLetterStatus(id, result == Result.DEAD_LETTERED ? "FAILED_AGAIN" : "REPLAYED",
                clock.now()));
        return result;
    }
}
