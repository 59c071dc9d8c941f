package org.popgate.gateway.migrant;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.popgate.adapters.migrant.MessageType;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.migrant.MigrantStore.Direction;
import org.popgate.gateway.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The migrant offices' API: record visits, send queries, answer, correct, withdraw, list, watch deadlines. */
@RestController
@RequestMapping("/api/v1/migrant")
class MigrantController {

    private final MigrantExchange exchange;
    private final MigrantStore store;
    private final MigrantDeadlines deadlines;
    private final MigrantReceiver receiver;
    private final MigrantClock clock;
    private final TrustLists trustLists;
    private final MigrantProperties properties;

    MigrantController(MigrantExchange exchange, MigrantStore store, MigrantDeadlines deadlines, MigrantReceiver receiver,
            MigrantClock clock, TrustLists trustLists, MigrantProperties properties) {
        this.trustLists = trustLists;
        this.properties = properties;
        this.exchange = exchange;
        this.store = store;
        this.deadlines = deadlines;
        this.receiver = receiver;
        this.clock = clock;
    }

    /** A visit or service for an in-migrant; the origin office is found from the registration place. */
    record VisitRequest(String idNumber, String registrationArea, MessageFields.Service service, Map<String, String> fields) {}

    /** An assistance query or notification; {@code recipient} defaults to the origin office. */
    record QueryRequest(String idNumber, String registrationArea, MessageType type, String recipient,
            Map<String, String> fields) {}

    record FieldsRequest(Map<String, String> fields) {}

    /** What the sender gets back: the business key and where the message went. */
    record Sent(String businessKey, String kind, String type, String recipient, Instant sentAt) {
        static Sent of(MigrantMessage m) {
            return new Sent(m.businessKey(), m.kind().name(), m.type().name(), m.recipient(), m.sentAt());
        }
    }

    /** A message in a list: no ID number, no fields. */
    record Summary(String businessKey, String direction, String kind, String type, String sender, String recipient,
            String refersTo, String status, Instant createdAt, LocalDate dueOn, String deadlineStatus, LocalDate answeredOn) {
        static Summary of(MigrantStore.Stored s, LocalDate today) {
            MigrantMessage m = s.message();
            return new Summary(m.businessKey(), s.direction().name(), m.kind().name(), m.type().name(), m.sender(),
                    m.recipient(), m.refersTo(), s.status(), s.createdAt(), s.dueOn(),
                    MigrantExchange.deadlineStatus(s, today), s.answeredOn());
        }
    }

    /** One message in full, for the office that sent or received it. */
    record Detail(Summary summary, String idNumber, String registrationArea, Map<String, String> fields) {}

    @PostMapping("/offices/{member}/visits")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Sent visit(@PathVariable String member, @RequestBody VisitRequest request) {
        return Sent.of(exchange.recordVisit(member, request.idNumber(), request.registrationArea(), request.service(),
                request.fields(), Callers.currentPerson().actor()));
    }

    /** An office system's upload: many visits at once, each with its own outcome. */
    record BulkVisitRequest(List<VisitRequest> visits) {}

    /** The outcome of each visit of an upload, in the order sent, and how many were sent and refused. */
    record BulkVisitResult(int sent, int refused, List<MigrantExchange.VisitOutcome> outcomes) {}

    @PostMapping("/offices/{member}/visits/bulk")
    BulkVisitResult visits(@PathVariable String member, @RequestBody BulkVisitRequest request) {
        if (request.visits() == null || request.visits().isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "An upload holds at least one visit.");
        }
        if (request.visits().size() > properties.maxBulkVisits()) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "An upload holds at most " + properties.maxBulkVisits() + " visits.");
        }
        List<MigrantExchange.VisitOutcome> outcomes = exchange.recordVisits(member, request.visits().stream()
                .map(v -> v == null ? null : new MigrantExchange.Visit(v.idNumber(), v.registrationArea(), v.service(),
                        v.fields()))
                .toList(), Callers.current().actor());
        int refused = (int) outcomes.stream().filter(o -> o.code() != null).count();
        return new BulkVisitResult(outcomes.size() - refused, refused, outcomes);
    }

    @PostMapping("/offices/{member}/queries")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Sent query(@PathVariable String member, @RequestBody QueryRequest request) {
        return Sent.of(exchange.query(member, request.idNumber(), request.registrationArea(), request.type(),
                request.recipient(), request.fields(), Callers.currentPerson().actor()));
    }

    @PostMapping("/offices/{member}/messages/{key}/feedback")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Sent feedback(@PathVariable String member, @PathVariable String key, @RequestBody FieldsRequest request) {
        return Sent.of(exchange.feedback(member, key, request.fields(), Callers.currentPerson().actor()));
    }

    @PostMapping("/offices/{member}/messages/{key}/amendment")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Sent amend(@PathVariable String member, @PathVariable String key, @RequestBody FieldsRequest request) {
        return Sent.of(exchange.correct(member, key, false, request.fields(), Callers.currentPerson().actor()));
    }

    @PostMapping("/offices/{member}/messages/{key}/withdrawal")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Sent withdraw(@PathVariable String member, @PathVariable String key) {
        return Sent.of(exchange.correct(member, key, true, Map.of(), Callers.currentPerson().actor()));
    }

    @GetMapping("/offices/{member}/messages")
    List<Summary> messages(@PathVariable String member, @RequestParam(defaultValue = "in") String box) {
        Direction direction = switch (box) {
            case "in" -> Direction.IN;
            case "out" -> Direction.OUT;
            default -> throw new ApiException(ErrorCode.VALIDATION_FAILED, "box is 'in' or 'out'.");
        };
        LocalDate today = clock.today();
        return store.list(member, direction, 500).stream().map(s -> Summary.of(s, today)).toList();
    }

    @GetMapping("/offices/{member}/messages/{key}")
    Detail message(@PathVariable String member, @PathVariable String key) {
        MigrantStore.Stored s = store.find(key, Direction.IN).filter(x -> x.message().recipient().equals(member))
                .or(() -> store.find(key, Direction.OUT).filter(x -> x.message().sender().equals(member)))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        MigrantMessage m = s.message();
        return new Detail(Summary.of(s, clock.today()), m.idNumber(), m.registrationArea(), m.fields());
    }

    /** The office's warnings: received messages due soon, overdue or escalated. */
    @GetMapping("/offices/{member}/deadlines")
    List<Summary> deadlines(@PathVariable String member) {
        LocalDate today = clock.today();
        return deadlines.attention(member).stream().map(s -> Summary.of(s, today)).toList();
    }

    @GetMapping("/dead-letters")
    List<MigrantStore.DeadLetter> deadLetters(@RequestParam(required = false) String status) {
        return store.deadLetters(status);
    }

    record Replayed(long id, String result) {}

    @PostMapping("/dead-letters/{id}/replay")
    Replayed replay(@PathVariable long id) {
        MigrantStore.DeadLetter letter = store.deadLetters(null).stream().filter(l -> l.id() == id).findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        if (!"OPEN".equals(letter.status())) {
            throw new ApiException(ErrorCode.INVALID_STATE, "Only an open dead letter is replayed.");
        }
        return new Replayed(id, receiver.replay(id).name().toLowerCase(java.util.Locale.ROOT));
    }

    /** This gateway's trust list (its CA and hosted offices' certificates), signed by its member CA. */
    @GetMapping("/trust-list")
    TrustLists.Signed trustList() {
        return trustLists.publish(Instant.now());
    }

    /** A peer gateway's signed trust list with the peer's CA certificate (base64 DER) obtained out of band. */
    record TrustListImport(String trustList, String signature, String peerCa) {}

    record Imported(List<String> offices) {}

    @PostMapping("/trust-lists")
    Imported importTrustList(@RequestBody TrustListImport request) {
        if (request.trustList() == null || request.signature() == null || request.peerCa() == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A trust list, its signature and the peer CA are required.");
        }
        java.security.cert.X509Certificate ca;
        try {
            ca = OfficeKeys.certificate(java.util.Base64.getDecoder().decode(request.peerCa()));
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "The peer CA certificate cannot be read.");
        }
        return new Imported(trustLists.importList(new TrustLists.Signed(request.trustList(), request.signature()), ca,
                Callers.currentPerson().actor(), Instant.now()));
    }
}
