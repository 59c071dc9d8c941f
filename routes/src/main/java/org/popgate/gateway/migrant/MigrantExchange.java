package org.popgate.gateway.migrant;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.popgate.adapters.migrant.DeadlinePolicy;
import org.popgate.adapters.migrant.MessageType;
import org.popgate.adapters.migrant.MigrantOffices;
import org.popgate.audit.AuditException;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.EventType;
import org.popgate.crypto.idnumber.IdCheck;
import org.popgate.crypto.idnumber.IdNumbers;
import org.popgate.crypto.lookup.LookupHasher;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.ids.TimeOrderedIds;
import org.popgate.gateway.migrant.MigrantStore.Direction;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sending side: an office records a visit, sends a query, answers with feedback, corrects or withdraws what
 * it sent. Each message is minimised to its type's fields, signed as the sending office, encrypted to the
 * receiving office, handed to the transport and recorded — in one transaction, so a message the broker did not
 * take is not recorded as sent, and one that is recorded was taken.
 */
final class MigrantExchange {

    private final OfficeKeys offices;
    private final MigrantOffices originOffices;
    private final MigrantStore store;
    private final MigrantTransport transport;
    private final MigrantAudit audit;
    private final LookupHasher networkKeys;
    private final TransactionTemplate tx;
    private final MigrantClock clock;
    private final int maxPackageRecords;
    private final IdNumbers idNumbers = IdNumbers.withShippedAreas();
    private volatile MigrantPackages.Codec codec = MigrantPackages.SECURE;

    MigrantExchange(OfficeKeys offices, MigrantOffices originOffices, MigrantStore store, MigrantTransport transport,
            MigrantAudit audit, LookupHasher networkKeys, TransactionTemplate tx, MigrantClock clock, int maxPackageRecords) {
        this.offices = offices;
        this.originOffices = originOffices;
        this.store = store;
        this.transport = transport;
        this.audit = audit;
        this.networkKeys = networkKeys;
        this.tx = tx;
        this.clock = clock;
        this.maxPackageRecords = maxPackageRecords;
    }

    /** The benchmark's baseline seam: the gateway itself always uses {@link MigrantPackages#SECURE}. */
    void useCodec(MigrantPackages.Codec codec) {
        this.codec = codec;
    }

    /** A visit or service for an in-migrant, to the person's origin office. */
    MigrantMessage recordVisit(String office, String idNumber, String registrationArea, MessageFields.Service service,
            Map<String, String> fields, Actor actor) {
        return sendNew(office, visit(office, new Visit(idNumber, registrationArea, service, fields)), actor);
    }

    /** One visit as an office records it (one request, or one entry of a bulk upload). */
    record Visit(String idNumber, String registrationArea, MessageFields.Service service, Map<String, String> fields) {}

    /**
     * What became of one visit of a bulk upload, by its position: sent (its business key and the origin office it
     * went to) or refused with a stable error code (nothing sent for it).
     */
    record VisitOutcome(int index, String businessKey, String recipient, String code) {}

    /**
     * Many visits of one office at once (an office system's upload): each is checked on its own — a bad one is
     * refused with its code and does not stop the others — and the good ones travel in packages of at most
     * {@code maxPackageRecords} per origin office, each package sent and recorded in one transaction as
     * {@link #sendAll} does. Every visit keeps its own business key and effect; the outcomes come back in order.
     */
    List<VisitOutcome> recordVisits(String office, List<Visit> visits, Actor actor) {
        if (offices.hosted(office).isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "The office is not hosted on this gateway.");
        }
        VisitOutcome[] outcomes = new VisitOutcome[visits.size()];
        Map<String, List<Integer>> byOrigin = new LinkedHashMap<>();
        List<MigrantMessage> messages = new ArrayList<>(visits.size());
        // The origin offices of this upload, each checked once (a registry query) rather than once per visit; every
        // package checks its recipient again when it is sealed.
        Map<String, Boolean> knownOrigins = new HashMap<>();
        for (int i = 0; i < visits.size(); i++) {
            MigrantMessage m = null;
            try {
                if (visits.get(i) == null) {
                    throw new ApiException(ErrorCode.VALIDATION_FAILED);
                }
                m = visit(office, visits.get(i), knownOrigins);
                byOrigin.computeIfAbsent(m.recipient(), r -> new ArrayList<>()).add(i);
            } catch (ApiException e) {
                outcomes[i] = new VisitOutcome(i, null, null, e.code().code());
            }
            messages.add(m);
        }
        for (List<Integer> indexes : byOrigin.values()) {
            for (int from = 0; from < indexes.size(); from += maxPackageRecords) {
                List<Integer> chunk = indexes.subList(from, Math.min(indexes.size(), from + maxPackageRecords));
                String failure = null;
                try {
                    sendAll(office, chunk.stream().map(messages::get).toList(), actor, () -> {});
                } catch (ApiException e) {
                    failure = e.code().code();
                } catch (AuditException e) {
                    failure = ErrorCode.AUDIT_UNAVAILABLE.code();
                }
                for (int i : chunk) {
                    MigrantMessage m = messages.get(i);
                    outcomes[i] = failure == null ? new VisitOutcome(i, m.businessKey(), m.recipient(), null)
                            : new VisitOutcome(i, null, null, failure);
                }
            }
        }
        return List.of(outcomes);
    }

    private MigrantMessage visit(String office, Visit v) {
        return visit(office, v, new HashMap<>());
    }

    /** {@code knownOrigins} remembers which origin offices were found known, for the next visits of an upload. */
    private MigrantMessage visit(String office, Visit v, Map<String, Boolean> knownOrigins) {
        if (v.service() == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A visit record names its service.");
        }
        String id = validId(v.idNumber());
        String origin = origin(v.registrationArea(), knownOrigins);
        return new MigrantMessage(TimeOrderedIds.next(), MigrantMessage.Kind.RECORD,
                MessageType.VISIT_RECORD, office, origin, null, id, v.registrationArea(),
                minimise(MigrantMessage.Kind.RECORD, MessageType.VISIT_RECORD, v.service(), v.fields()), clock.now());
    }

    /** An assistance query (协查) or notification; to the origin office unless {@code recipient} names another office. */
    MigrantMessage query(String office, String idNumber, String registrationArea, MessageType type, String recipient,
            Map<String, String> fields, Actor actor) {
        if (type == null || type == MessageType.VISIT_RECORD) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A query names its type (not a visit record).");
        }
        String id = validId(idNumber);
        String to = recipient == null || recipient.isBlank() ? origin(registrationArea, new HashMap<>()) : known(recipient);
        if (to.equals(office)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "An office does not send queries to itself.");
        }
        MigrantMessage m = new MigrantMessage(TimeOrderedIds.next(), MigrantMessage.Kind.QUERY, type, office, to,
                null, id, registrationArea, minimise(MigrantMessage.Kind.QUERY, type, null, fields), clock.now());
        return sendNew(office, m, actor);
    }

    /** Feedback (反馈) on a message the office received. */
    MigrantMessage feedback(String office, String businessKey, Map<String, String> fields, Actor actor) {
        MigrantStore.Stored received = store.find(businessKey, Direction.IN)
                .filter(s -> s.message().recipient().equals(office))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        MigrantMessage o = received.message();
        if (o.kind() != MigrantMessage.Kind.RECORD && o.kind() != MigrantMessage.Kind.QUERY || !"OPEN".equals(received.status())) {
            throw new ApiException(ErrorCode.INVALID_STATE, "Only an open record or query is answered.");
        }
        MigrantMessage m = new MigrantMessage(TimeOrderedIds.next(), MigrantMessage.Kind.FEEDBACK, o.type(), office,
                o.sender(), o.businessKey(), o.idNumber(), o.registrationArea(),
                minimise(MigrantMessage.Kind.FEEDBACK, o.type(), null, fields), clock.now());
        LocalDate today = clock.today();
        return send(office, m, actor, () -> {
            store.setStatus(o.businessKey(), Direction.IN, "ANSWERED", today);
            audit.append(EventType.MIGRANT_MESSAGE_ANSWERED, o, actor);
        });
    }

    /** A correction (fields replaced) or withdrawal of a record or query the office sent. */
    MigrantMessage correct(String office, String businessKey, boolean withdraw, Map<String, String> fields, Actor actor) {
        MigrantStore.Stored sent = store.find(businessKey, Direction.OUT)
                .filter(s -> s.message().sender().equals(office))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        MigrantMessage o = sent.message();
        if (o.kind() != MigrantMessage.Kind.RECORD && o.kind() != MigrantMessage.Kind.QUERY || "WITHDRAWN".equals(sent.status())) {
            throw new ApiException(ErrorCode.INVALID_STATE, "Only a record or query still standing can be corrected or withdrawn.");
        }
        MigrantMessage.Kind kind = withdraw ? MigrantMessage.Kind.WITHDRAWAL : MigrantMessage.Kind.AMENDMENT;
        MessageFields.Service service = o.fields().containsKey(MessageFields.SERVICE)
                ? MessageFields.Service.valueOf(o.fields().get(MessageFields.SERVICE)) : null;
        MigrantMessage m = new MigrantMessage(TimeOrderedIds.next(), kind, o.type(), office, o.recipient(),
                o.businessKey(), o.idNumber(), o.registrationArea(), minimise(kind, o.type(), service, fields), clock.now());
        return send(office, m, actor, () -> {
            if (withdraw) {
                store.setStatus(o.businessKey(), Direction.OUT, "WITHDRAWN", null);
            } else {
                store.replacePayload(o.businessKey(), Direction.OUT, new MigrantMessage(o.businessKey(), o.kind(), o.type(),
                        o.sender(), o.recipient(), o.refersTo(), o.idNumber(), o.registrationArea(), m.fields(), o.sentAt()));
            }
        });
    }

    private MigrantMessage sendNew(String office, MigrantMessage m, Actor actor) {
        return send(office, m, actor, () -> {});
    }

    private MigrantMessage send(String office, MigrantMessage m, Actor actor, Runnable localEffect) {
        sendAll(office, List.of(m), actor, localEffect);
        return m;
    }

    /**
     * Sends messages of one office to one recipient in a single package (the short-window batch); every message
     * keeps its own business key and effect.
     */
    void sendAll(String office, List<MigrantMessage> messages, Actor actor, Runnable localEffect) {
        OfficeKeys.Office sender = offices.hosted(office)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "The office is not hosted on this gateway."));
        String recipient = messages.get(0).recipient();
        var certificate = offices.encryptionCertificate(recipient)
                .orElseThrow(() -> new ApiException(ErrorCode.UNKNOWN_OFFICE));
        Instant now = clock.now();
        MigrantPackages.Sealed sealed = codec.seal(TimeOrderedIds.next(), sender, recipient, certificate,
                messages, now);
        String partitionKey = HexFormat.of().formatHex(networkKeys.hash(messages.get(0).idNumber()));
        List<MigrantStore.NewRow> rows = messages.stream().map(m -> new MigrantStore.NewRow(m, Direction.OUT,
                sealed.packageId(), m.kind() == MigrantMessage.Kind.RECORD || m.kind() == MigrantMessage.Kind.QUERY
                        ? "OPEN" : "INFO", now, null)).toList();
        tx.executeWithoutResult(status -> {
            store.insertAll(rows);
            localEffect.run();
            audit.appendPackage(EventType.MIGRANT_MESSAGE_SENT, sealed.packageId(), messages, actor);
            try {
                transport.send(sealed, partitionKey);
            } catch (RuntimeException e) {
                throw new ApiException(ErrorCode.TRANSPORT_UNAVAILABLE);
            }
        });
    }

    private Map<String, String> minimise(MigrantMessage.Kind kind, MessageType type, MessageFields.Service service,
            Map<String, String> fields) {
        try {
            return MessageFields.minimise(kind, type, service, fields);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "The message's fields are not valid for its type.");
        }
    }

    private String validId(String idNumber) {
        IdCheck check = idNumber == null ? null : idNumbers.check(idNumber);
        if (!(check instanceof IdCheck.Valid valid)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "The ID number is not a valid GB 11643 number.");
        }
        return valid.id().value();
    }

    private String origin(String registrationArea, Map<String, Boolean> knownOrigins) {
        String office = originOffices.originOffice(registrationArea)
                .orElseThrow(() -> new ApiException(ErrorCode.UNKNOWN_OFFICE));
        if (!knownOrigins.computeIfAbsent(office, o -> offices.encryptionCertificate(o).isPresent())) {
            throw new ApiException(ErrorCode.UNKNOWN_OFFICE);
        }
        return office;
    }

    private String known(String office) {
        if (offices.encryptionCertificate(office).isEmpty()) {
            throw new ApiException(ErrorCode.UNKNOWN_OFFICE);
        }
        return office;
    }

    /** The deadline view of a stored message on {@code today}. */
    static String deadlineStatus(MigrantStore.Stored s, LocalDate today) {
        DeadlinePolicy.Deadline d = s.deadline();
        return d == null ? null : d.status(today, s.answeredOn()).name();
    }
}
