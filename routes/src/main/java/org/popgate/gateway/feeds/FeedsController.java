package org.popgate.gateway.feeds;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.ProducerTemplate;
import org.popgate.adapters.education.RosterFileParser;
import org.popgate.adapters.feed.ApplyPolicy;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.quality.QualityCalculator;
import org.popgate.adapters.feed.quality.QualityFigures;
import org.popgate.adapters.feed.quality.Reconciliation;
import org.popgate.adapters.feedstore.DeliveryOutcome;
import org.popgate.adapters.feedstore.FeedDeliveries;
import org.popgate.adapters.feedstore.FeedViews;
import org.popgate.adapters.feedstore.PopulationQuality;
import org.popgate.adapters.police.PoliceChangeFileParser;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.security.Caller;
import org.popgate.gateway.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Department feeds over the API: packages POSTed over mutual TLS, each department's deliveries and rejects
 * (re-submittable after correction), and for the population office the conflicts between sources, the
 * reconciliation against the police register and the quality figures with their trend.
 */
@RestController
@RequestMapping("/api/v1/feeds")
class FeedsController {

    private static final Pattern ENCODING = Pattern.compile("encoding=([A-Za-z0-9-]+)");
    private static final int LIST_LIMIT = 500;

    private final FeedSteps steps;
    private final FeedDeliveries deliveries;
    private final PopulationQuality quality;
    private final FeedKeys keys;
    private final ProducerTemplate producer;
    private final FeedsProperties properties;

    FeedsController(FeedSteps steps, FeedDeliveries deliveries, PopulationQuality quality, FeedKeys keys,
            ProducerTemplate producer, FeedsProperties properties) {
        this.steps = steps;
        this.deliveries = deliveries;
        this.quality = quality;
        this.keys = keys;
        this.producer = producer;
        this.properties = properties;
    }

    /** The certificate departments encrypt their feed packages to (PEM). */
    @GetMapping("/certificate")
    Map<String, String> certificate() throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        return Map.of("certificate", pem, "recipient", keys.certificate().getSubjectX500Principal().getName());
    }

    /** A department's exchange package, POSTed by its own system over mutual TLS. */
    @PostMapping(path = "/{member}/packages", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<Outcome> submit(@PathVariable String member,
            @RequestHeader(name = "Popgate-Exchange-Id", required = false) String exchangeId, @RequestBody byte[] body) {
        Counterpart counterpart = counterpartOf(member);
        Caller caller = Callers.current();
        String serial = caller instanceof Caller.MemberSystem system ? system.certificateSerial() : null;
        FeedDelivery d = producer.requestBody(FeedRoutes.PIPELINE,
                steps.httpsPost(counterpart, member, serial, exchangeId, body), FeedDelivery.class);
        return ResponseEntity.status(d.outcome().status() == DeliveryOutcome.Status.REJECTED
                ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.OK).body(Outcome.of(d));
    }

    @GetMapping("/{member}/deliveries")
    List<FeedViews.DeliveryView> deliveries(@PathVariable String member) {
        return deliveries.deliveries(member, LIST_LIMIT);
    }

    @GetMapping("/{member}/rejects")
    List<FeedViews.RejectView> rejects(@PathVariable String member, @RequestParam(required = false) String status) {
        if (status != null && !status.equals("OPEN") && !status.equals("RESUBMITTED")) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "status is OPEN or RESUBMITTED.");
        }
        return deliveries.rejects(member, status, LIST_LIMIT);
    }

    /** One reject with its original text (the sender's own record, for correction). */
    @GetMapping("/{member}/rejects/{reject}")
    RejectDetail reject(@PathVariable String member, @PathVariable String reject) {
        FeedViews.RejectView view = find(member, reject);
        return new RejectDetail(view, deliveries.original(view.id()).orElse(""));
    }

    /** Hands a corrected record in again; it runs through the same validation and apply as a delivery. */
    @PostMapping(path = "/{member}/rejects/{reject}/resubmit", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Outcome> resubmit(@PathVariable String member, @PathVariable String reject,
            @RequestBody Correction correction) {
        FeedViews.RejectView view = find(member, reject);
        if (correction == null || correction.record() == null || correction.record().isBlank()
                || correction.record().length() > 60_000 || correction.record().indexOf('\n') >= 0
                || correction.record().indexOf('\r') >= 0) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "record is the corrected record on one line.");
        }
        if (!"OPEN".equals(view.status())) {
            throw new ApiException(ErrorCode.INVALID_STATE, "The reject was already re-submitted.");
        }
        if (view.counterpart().policy() == ApplyPolicy.ATOMIC) {
            throw new ApiException(ErrorCode.INVALID_STATE,
                    "This department's files apply atomically: send the whole corrected file again.");
        }
        byte[] file = file(view, correction.record());
        FeedDelivery d = steps.resubmission(view.counterpart(), member, view.id(), file, Callers.current().actor());
        d = producer.requestBody(FeedRoutes.PIPELINE, d, FeedDelivery.class);
        DeliveryOutcome o = d.outcome();
        if (o.status() == DeliveryOutcome.Status.APPLIED && o.rejected() == 0) {
            deliveries.markResubmitted(view.id(), d.key());
        }
        return ResponseEntity.status(o.status() == DeliveryOutcome.Status.APPLIED && o.rejected() == 0
                ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(Outcome.of(d));
    }

    @GetMapping("/conflicts")
    List<FeedViews.ConflictView> conflicts() {
        return deliveries.conflicts(LIST_LIMIT);
    }

    /** Population database against the police register: counts per village and township, flags over 5‰, who is missing where. */
    @GetMapping("/reconciliation")
    ReconciliationView reconciliation() {
        Reconciliation.Report r = quality.reconcile();
        return new ReconciliationView(Reconciliation.THRESHOLD_PER_MILLE, counts(r.villages()), counts(r.townships()),
                r.onlyInPopulation().size(), r.onlyInPolice().size(),
                r.onlyInPopulation().subList(0, Math.min(LIST_LIMIT, r.onlyInPopulation().size())),
                r.onlyInPolice().subList(0, Math.min(LIST_LIMIT, r.onlyInPolice().size())));
    }

    /** The seed's quality figures per village or township, computed now. */
    @GetMapping("/quality")
    List<Figures> quality(@RequestParam(defaultValue = "village") String level) {
        if (!level.equals("village") && !level.equals("township")) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "level is village or township.");
        }
        QualityCalculator q = quality.compute(java.time.LocalDate.now());
        return (level.equals("village") ? q.byVillage() : q.byTownship()).values().stream().map(Figures::of).toList();
    }

    /** One village's or township's figures after each applied feed, oldest first. */
    @GetMapping("/quality/{area}/trend")
    List<TrendPoint> trend(@PathVariable String area) {
        if (!area.matches("[0-9]{6,12}")) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "area is a 9-digit township or 12-digit village code.");
        }
        return quality.trend(area, LIST_LIMIT).stream()
                .map(s -> new TrendPoint(s.snapshotId(), s.takenAt(), s.exchangeId(), Figures.of(s.figures()))).toList();
    }

    // ------------------------------------------------------------------ helpers

    private Counterpart counterpartOf(String member) {
        for (Counterpart c : Counterpart.values()) {
            if (member.equals(steps.memberOf(c))) {
                return c;
            }
        }
        throw new ApiException(ErrorCode.NOT_FOUND, "No feed channel belongs to this member.");
    }

    private FeedViews.RejectView find(String member, String id) {
        if (!id.matches("[0-9]{1,18}")) {
            throw new ApiException(ErrorCode.NOT_FOUND);
        }
        return deliveries.reject(Long.parseLong(id)).filter(r -> r.sender().equals(member))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
    }

    /** A one-record feed in the counterpart's own format: CSV under the original header and trailer, or one message. */
    private byte[] file(FeedViews.RejectView view, String record) {
        if (view.counterpart() == Counterpart.CIVIL_AFFAIRS || view.counterpart() == Counterpart.HEALTH) {
            return (record + "\n").getBytes(StandardCharsets.UTF_8);
        }
        String header = deliveries.header(view.exchangeId()).orElseThrow(() -> new ApiException(ErrorCode.INVALID_STATE,
                "The original file's header is unknown: send a corrected file instead."));
        Matcher m = ENCODING.matcher(header);
        Charset charset = m.find() && m.group(1).equalsIgnoreCase("GB18030") ? Charset.forName("GB18030")
                : StandardCharsets.UTF_8;
        String columns = view.counterpart() == Counterpart.POLICE ? PoliceChangeFileParser.columnLine()
                : RosterFileParser.columnLine();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(("\n" + columns + "\n" + record + "\n#end records=1\n").getBytes(charset));
        return out.toByteArray();
    }

    private static List<AreaCount> counts(Map<String, Reconciliation.AreaCount> counts) {
        List<AreaCount> out = new ArrayList<>();
        counts.values().forEach(c -> out.add(new AreaCount(c.area(), c.population(), c.police(),
                Double.isInfinite(c.differencePerMille()) ? null : c.differencePerMille(), c.flagged())));
        return out;
    }

    record Correction(String record) {}

    record RejectDetail(FeedViews.RejectView reject, String original) {}

    record AreaCount(String area, long population, long police, Double differencePerMille, boolean flagged) {}

    record ReconciliationView(double thresholdPerMille, List<AreaCount> villages, List<AreaCount> townships,
            int onlyInPopulationCount, int onlyInPoliceCount, List<Reconciliation.Missing> onlyInPopulation,
            List<Reconciliation.Missing> onlyInPolice) {}

    record TrendPoint(long snapshot, java.time.Instant takenAt, String afterDelivery, Figures figures) {}

    record Figures(String area, long persons, long complete, long accurate, long logicErrors,
            long marriedWomenOfChildbearingAge, long duplicates, long idErrors, double completenessRate,
            double accuracyRate, double logicErrorRate, double duplicateRate, double idErrorRate, boolean needsRecheck) {
        static Figures of(QualityFigures f) {
            return new Figures(f.area(), f.persons(), f.complete(), f.accurate(), f.logicErrors(),
                    f.marriedWomenOfChildbearingAge(), f.duplicates(), f.idErrors(), f.completenessRate(),
                    f.accuracyRate(), f.logicErrorRate(), f.duplicateRate(), f.idErrorRate(), f.needsRecheck());
        }
    }

    record Outcome(String exchange, String status, String reason, long position, long read, long applied,
            long skipped, long rejected, long conflicts) {
        static Outcome of(FeedDelivery d) {
            DeliveryOutcome o = d.outcome();
            return new Outcome(d.key(), o.status().name(), o.reason(), o.position(),
                    o.report() == null ? 0 : o.report().read(), o.applied(), o.skipped(), o.rejected(), o.conflicts());
        }
    }
}
