package org.popgate.gateway.pulls;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.camel.Exchange;
import org.popgate.adapters.population.PersonRecord;
import org.popgate.adapters.population.PersonRepository;
import org.popgate.adapters.population.RecordMinimiser;
import org.popgate.adapters.population.Utf8Line;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.Digest;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.event.SubjectHash;
import org.popgate.audit.event.SubjectHasher;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.audit.log.AuditLog;
import org.popgate.crypto.json.FlatJson;
import org.popgate.crypto.pack.ManifestHeader;
import org.popgate.crypto.pack.PackageWriter;
import org.popgate.crypto.pseudonym.Pseudonymiser;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the pull route, each a plain method on the run: select → minimise → pseudonymise → package →
 * deliver → await receipt, and what happens when one fails. Select, minimise and pseudonymise only set up the
 * stream; package pulls the persons through it into the CMS writer, so the package is written while the rows are
 * read and memory stays flat whatever the selection's size.
 */
final class PullSteps {

    static final String FLOW = "pull";
    static final String SCHEMA = "person/1";

    private static final Logger log = LoggerFactory.getLogger(PullSteps.class);

    private final PersonRepository persons;
    private final PullRepository pulls;
    private final Catalogue catalogue;
    private final Pseudonymiser pseudonymiser;
    private final SubjectHasher subjectHasher;
    private final AuditLog auditLog;
    private final PackageSigning signing;
    private final PackageDelivery delivery;
    private final Canaries canaries;
    private final PullIdLists idLists;
    private final PullProperties properties;
    private final Clock clock;
    private final ZoneId zone;

    PullSteps(PersonRepository persons, PullRepository pulls, Catalogue catalogue, Pseudonymiser pseudonymiser,
            SubjectHasher subjectHasher, AuditLog auditLog, PackageSigning signing, PackageDelivery delivery,
            Canaries canaries, PullIdLists idLists, PullProperties properties, Clock clock, ZoneId zone) {
        this.persons = persons;
        this.pulls = pulls;
        this.catalogue = catalogue;
        this.pseudonymiser = pseudonymiser;
        this.subjectHasher = subjectHasher;
        this.auditLog = auditLog;
        this.signing = signing;
        this.delivery = delivery;
        this.canaries = canaries;
        this.idLists = idLists;
        this.properties = properties;
        this.clock = clock;
        this.zone = zone;
    }

    /** select: the persons of the selection or of the ID list, streamed from the population database. */
    void select(PullRun run) {
        Pull pull = run.pull;
        if (pull.idListSize() > 0) {
            List<String> ids = idLists.read(pull.id());
            run.source = consumer -> {
                long n = 0;
                for (String id : ids) {
                    for (PersonRecord p : persons.findByIdNumber(id)) {
                        if (p.cancelledAt() == null) {
                            consumer.accept(p);
                            n++;
                        }
                    }
                }
                return n;
            };
        } else {
            LocalDate today = LocalDate.now(clock.withZone(zone));
            var selection = PullSelection.fromJson(pull.selection()).on(today);
            run.source = consumer -> persons.stream(selection, consumer);
        }
    }

    /** minimise: the approved fields only, each with the transform the catalogue names for this purpose today. */
    void minimise(PullRun run) {
        Pull pull = run.pull;
        Catalogue.Decision decision = catalogue.decide(department(pull.member()), pull.purpose(), pull.fields(), List.of());
        run.rules.clear();
        run.rules.putAll(decision.rules());
    }

    /** pseudonymise: in the recipient's own pseudonym domain; canaries planned when switched on. */
    void pseudonymise(PullRun run) {
        run.minimiser = new RecordMinimiser(run.rules, pseudonymiser, run.pull.member());
        run.keyVersion = run.minimiser.keyVersion();
        if (properties.canaries().enabled() && properties.canaries().perPackage() > 0) {
            run.canaries = canaries.plan(run.pull.id(), run.pull.member(), properties.canaries().perPackage(),
                    run.pull.estimatedCount());
        }
    }

    /**
     * package: pulls every selected person through minimise/pseudonymise into the signed, encrypted package file
     * (written aside and moved into place only when complete), then audits selection, pseudonymisation and
     * packaging, the selection with its subject index.
     */
    void packageRecords(PullRun run) {
        Pull pull = run.pull;
        PackageSigning.Key key = signing.forSuite(run.suite);
        PackageWriter writer = PackageWriter.of(run.suite, key.privateKey(), key.certificate(),
                List.of(run.recipientCertificate));
        ManifestHeader header = ManifestHeader.jsonLines(pull.id(), pull.approvalId(), signing.gateway(), pull.member(),
                pull.purpose(), pull.legalBasis(), clock.instant(), SCHEMA, run.keyVersion);
        Path part = part(run.packageFile);
        List<SubjectHash> subjects = new ArrayList<>();
        List<String> canaryMarks = new ArrayList<>();
        Long ceiling = pull.ceiling();
        try {
            Files.createDirectories(run.packageFile.getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
                PackageWriter.RecordSink sink = writer.open(header, out);
                Utf8Line line = new Utf8Line(); // each record is built into it as UTF-8 and handed to the writer as bytes
                long[] index = {0};
                PersonRecord[] last = {null};
                run.selected = run.source.apply(person -> {
                    while (run.canaries != null && run.canaries.dueBefore(index[0])) {
                        addCanary(run, person, sink, canaryMarks);
                    }
                    index[0]++;
                    last[0] = person;
                    if (!run.minimiser.writeJsonLine(person, line)) {
                        return; // an invalid ID cannot be pseudonymised safely: withheld (quality report)
                    }
                    if (ceiling != null && run.records >= ceiling) {
                        throw new ApiException(ErrorCode.OVER_CEILING);
                    }
                    sink.add(line.bytes(), 0, line.length());
                    run.records++;
                    subjects.add(subjectHasher.hash(person.idNumber()));
                });
                if (run.records == 0) {
                    throw new ApiException(ErrorCode.SELECTION_EMPTY);
                }
                while (run.canaries != null && run.canaries.remaining()) {
                    addCanary(run, last[0], sink, canaryMarks);
                }
                run.manifest = sink.finish();
            }
            Files.move(part, run.packageFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the package", e);
        }
        Instant now = clock.instant();
        for (String mark : canaryMarks) {
            pulls.insertCanary(mark, pull.id(), pull.member(), now);
        }
        run.subjects = SubjectIndex.of(auditLog.suite(), subjects);
        auditLog.append(event(EventType.EXCHANGE_SELECTED, run).recordCount(run.records)
                .attribute("selected", Long.toString(run.selected))
                .subjects(run.subjects).build(), run.subjects);
        auditLog.append(event(EventType.EXCHANGE_PSEUDONYMISED, run).recordCount(run.records)
                .attribute("pseudonym-key-version", Integer.toString(run.keyVersion)).build());
        auditLog.append(event(EventType.EXCHANGE_PACKAGED, run).recordCount(run.records + run.canaryCount)
                .responseDigest(new Digest(run.manifest.recordsSha256()))
                .attribute("canaries", Integer.toString(run.canaryCount)).build());
        pulls.executed(pull.id(), pull.id(), now, run.records, run.canaryCount, run.manifest.recordsSha256Hex());
    }

    private void addCanary(PullRun run, PersonRecord neighbour, PackageWriter.RecordSink sink, List<String> marks) {
        PersonRecord canary = run.canaries.next(neighbour, id -> !persons.findByIdNumber(id).isEmpty());
        String line = run.minimiser.toJsonLine(canary);
        if (line == null) {
            return;
        }
        sink.add(line);
        run.canaryCount++;
        Object id = FlatJson.parse(line).get("idNumber");
        marks.add(id != null ? id.toString() : sha256(line));
    }

    /** deliver (queue): the package onto {@code popgate.pull.<member>}. */
    void deliverToQueue(PullRun run) {
        delivery.toQueue(run.pull.member(), run.pull.id(), run.records + run.canaryCount, signing.gateway(),
                run.packageFile, false);
        auditDelivered(run, "queue", false);
    }

    /** deliver (Kafka): the package onto the topic {@code popgate.pull.<member>}, acknowledged by the broker. */
    void deliverToKafka(PullRun run) {
        delivery.toKafka(run.pull.member(), run.pull.id(), run.records + run.canaryCount, signing.gateway(),
                run.packageFile, false);
        auditDelivered(run, "kafka", false);
    }

    /** deliver (folder): the package into the member's drop folder. */
    void deliverToFolder(PullRun run) {
        delivery.toFolder(run.pull.member(), run.pull.id(), run.packageFile);
        auditDelivered(run, "folder", false);
    }

    private void auditDelivered(PullRun run, String channel, boolean redelivery) {
        auditLog.append(event(EventType.EXCHANGE_DELIVERED, run)
                .responseDigest(new Digest(run.manifest.recordsSha256()))
                .attribute("channel", channel)
                .attribute("redelivery", Boolean.toString(redelivery)).build());
    }

    /** await receipt: the exchange stays open until the department's signed receipt arrives (or is overdue). */
    void awaitReceipt(PullRun run) {
        Instant now = clock.instant();
        pulls.delivered(run.pull.id(), now, now.plus(properties.receiptTimeout()));
    }

    /**
     * A failed run leaves no package behind: the partial and finished files are deleted, anything already put on
     * the queue is taken back, the pull is marked failed and the failure audited with its code.
     */
    void failed(Exchange exchange) {
        PullRun run = exchange.getIn().getBody(PullRun.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        String reason = reason(cause);
        log.warn("Pull {} failed: {}", run.pull.id(), reason);
        try {
            Files.deleteIfExists(part(run.packageFile));
            Files.deleteIfExists(run.packageFile);
            delivery.withdraw(run.pull.member(), run.pull.id());
        } catch (IOException | RuntimeException e) {
            log.error("Pull {}: cleaning up after the failure failed: {}", run.pull.id(), e.getClass().getName());
        }
        pulls.failed(run.pull.id(), reason, clock.instant());
        auditLog.append(AuditEvent.builder(EventType.EXCHANGE_FAILED)
                .actor(run.actor)
                .exchangeId(run.pull.id())
                .approvalId(run.pull.approvalId())
                .flow(FLOW)
                .reason(reason)
                .attribute("member", run.pull.member())
                .outcome(Outcome.FAILED)
                .build());
    }

    static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api.code().code();
            }
            if (t instanceof org.popgate.crypto.error.CryptoException c) {
                return c.code().code();
            }
            if (t instanceof org.popgate.audit.AuditException a) {
                return a.code().code();
            }
        }
        return cause == null ? "unknown" : cause.getClass().getSimpleName();
    }

    private AuditEvent.Builder event(EventType type, PullRun run) {
        return AuditEvent.builder(type)
                .actor(run.actor)
                .exchangeId(run.pull.id())
                .approvalId(run.pull.approvalId())
                .flow(FLOW)
                .purpose(run.pull.purpose())
                .legalBasis(run.pull.legalBasis())
                .dataCategories(run.rules.keySet().stream().map(f -> f.category()).distinct().toList())
                .attribute("member", run.pull.member())
                .outcome(Outcome.SUCCEEDED);
    }

    static Path part(Path packageFile) {
        return packageFile.resolveSibling(packageFile.getFileName() + ".part");
    }

    static String department(String member) {
        return member.substring(member.indexOf('.') + 1);
    }

    private static String sha256(String line) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
