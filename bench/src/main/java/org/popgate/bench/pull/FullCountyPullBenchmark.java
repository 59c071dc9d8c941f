package org.popgate.bench.pull;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.popgate.adapters.population.CountyLoader;
import org.popgate.adapters.population.FieldRule;
import org.popgate.adapters.population.PersonRecordCodec;
import org.popgate.adapters.population.PersonRepository;
import org.popgate.adapters.population.PersonSelection;
import org.popgate.adapters.population.PullField;
import org.popgate.adapters.population.RecordMinimiser;
import org.popgate.adapters.population.Utf8Line;
import org.popgate.adapters.synthetic.CountySpec;
import org.popgate.adapters.synthetic.DefectPlan;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.event.SubjectHash;
import org.popgate.audit.event.SubjectHasher;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.bench.support.PeakHeap;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.column.ColumnCipher;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.lookup.LookupHasher;
import org.popgate.crypto.pack.ManifestHeader;
import org.popgate.crypto.pack.PackageWriter;
import org.popgate.crypto.pseudonym.Generalise;
import org.popgate.crypto.pseudonym.Pseudonymiser;
import org.popgate.crypto.suite.CryptoSuite;

/**
 * A full-county pull end to end into a package — select (streamed from the H2 database, ID and name
 * decrypted from their protected columns) → minimise → pseudonymise for the recipient → sign + encrypt
 * (INTL) → file — against a plain export of the same rows and fields to a JSON Lines file with no
 * security, in the same run. Reports the time ratio, records/s and peak heap; run it with a small heap
 * (-Xmx512m) to show the pull streams. The pull step is the one the gateway's pull route runs (PullSteps.packageRecords):
 * the same cursor, minimiser and writer, and the audit subject index of the persons in the package.
 */
public final class FullCountyPullBenchmark {

    public static void main(String[] args) throws Exception {
        int persons = args.length > 0 ? Integer.parseInt(args[0]) : CountySpec.XINTIAN_PERSONS;
        String suiteName = args.length > 1 ? args[1] : "INTL";
        Path dir = Files.createTempDirectory("popgate-bench-pull");
        GatewayKeyStore keys = GatewayKeyStore.openOrCreate(dir.resolve("gateway.bcfks"), "bench".toCharArray());
        PersonRecordCodec codec = new PersonRecordCodec(new LookupHasher(keys.secretKey(LookupHasher.KEY_ALIAS)),
                ColumnCipher.from(keys));
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("popgate") + ";WRITE_DELAY=0");
        h2.setUser("popgate");
        h2.setPassword("");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load().migrate();
        long loadStart = System.nanoTime();
        new CountyLoader(h2, codec, 5000).loadIfAbsent(new CountySpec(431128, persons, DefectPlan.DEFAULT, CountySpec.DEFAULT_AS_OF));
        System.out.printf(Locale.ROOT, "county of %,d persons loaded in %.1f s%n", persons, (System.nanoTime() - loadStart) / 1e9);

        PersonRepository repository = new PersonRepository(h2, codec);
        CryptoSuite suite = CryptoSuite.named(suiteName);
        MemberCa ca = MemberCa.create(suite, "431100.gateway", Clock.systemUTC());
        KeyPair gatewaySigning = suite.generateKeyPair();
        X509Certificate gatewayCertificate = ca.issue(CertificateRequests.create(suite, "431100.gateway", gatewaySigning),
                CertificateUse.SIGNING, Duration.ofDays(30));
        KeyPair health = suite.generateKeyPair();
        X509Certificate healthCertificate = ca.issue(CertificateRequests.create(suite, "431128.health", health),
                CertificateUse.ENCRYPTION, Duration.ofDays(30));
        PackageWriter writer = PackageWriter.of(suite, gatewaySigning.getPrivate(), gatewayCertificate, List.of(healthCertificate));
        Map<PullField, FieldRule> rules = new LinkedHashMap<>();
        rules.put(PullField.ID_NUMBER, FieldRule.PSEUDONYMISED);
        rules.put(PullField.GENDER, FieldRule.AS_IS);
        rules.put(PullField.BIRTH_DATE, new FieldRule.GeneralisedDate(Generalise.BirthDate.YEAR_MONTH));
        rules.put(PullField.REGISTRATION_AREA, new FieldRule.GeneralisedArea(Generalise.Area.TOWNSHIP));
        rules.put(PullField.MANAGEMENT_ATTRIBUTE, FieldRule.AS_IS);
        Pseudonymiser pseudonymiser = Pseudonymiser.from(keys);
        SubjectHasher subjects = new SubjectHasher(keys.secretKey("audit-subject-hash"));

        Result plain = null;
        Result pull = null;
        for (int round = 0; round < 2; round++) {
            Result p = measure("plain JSON Lines export (no security)", () -> plainExport(repository, dir.resolve("plain.jsonl")));
            Result q = measure(suiteName + " pull into a package", () -> pull(repository, writer, new RecordMinimiser(rules,
                    pseudonymiser, "431128.health"), subjects, dir.resolve("pull.p7m")));
            plain = plain == null || p.seconds < plain.seconds ? p : plain;
            pull = pull == null || q.seconds < pull.seconds ? q : pull;
        }
        System.out.printf(Locale.ROOT, "%n| run | records | seconds | records/s | peak heap MB | time vs plain |%n|---|---|---|---|---|---|%n");
        for (Result r : new Result[] {plain, pull}) {
            System.out.printf(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %.0f | %.2f× |%n", r.name, r.records, r.seconds,
                    r.records / r.seconds, r.peakHeapMb, r.seconds / plain.seconds);
        }
        System.out.printf(Locale.ROOT, "max heap %d MB; package %,d bytes, plain file %,d bytes%n",
                Runtime.getRuntime().maxMemory() >> 20, Files.size(dir.resolve("pull.p7m")), Files.size(dir.resolve("plain.jsonl")));
    }

    static long plainExport(PersonRepository repository, Path file) throws Exception {
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            long[] n = {0};
            repository.stream(PersonSelection.everyone(), p -> {
                try {
                    out.write("{\"idNumber\":\"" + p.idNumber() + "\",\"gender\":\"" + p.gender() + "\",\"birthDate\":\""
                            + p.birthDate() + "\",\"registrationArea\":\"" + p.registrationArea()
                            + "\",\"managementAttribute\":\"" + p.managementAttribute() + "\"}\n");
                    n[0]++;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            return n[0];
        }
    }

    /**
     * The gateway's pull route does exactly this in {@code PullSteps.packageRecords} (same repository cursor, same
     * minimiser, same writer), plus the audit subject index of every person in the package.
     */
    static long pull(PersonRepository repository, PackageWriter writer, RecordMinimiser minimiser, SubjectHasher hasher,
            Path file) throws Exception {
        ManifestHeader header = ManifestHeader.jsonLines("bench-pull", "approval-1", "431100.gateway", "431128.health",
                "newborn vaccination planning", "疫苗管理法", Instant.now(), "person/1", minimiser.keyVersion());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            PackageWriter.RecordSink sink = writer.open(header, out);
            List<SubjectHash> subjects = new ArrayList<>();
            Utf8Line line = new Utf8Line();
            repository.stream(PersonSelection.everyone(), p -> {
                if (minimiser.writeJsonLine(p, line)) {
                    sink.add(line.bytes(), 0, line.length());
                    subjects.add(hasher.hash(p.idNumber()));
                }
            });
            sink.finish();
            SubjectIndex index = SubjectIndex.of(AuditSuite.INTL, subjects);
            if (index.size() != sink.count()) {
                throw new IllegalStateException("subject index and package disagree");
            }
            return sink.count();
        }
    }

    private record Result(String name, long records, double seconds, double peakHeapMb) {}

    private interface Run {
        long run() throws Exception;
    }

    private static Result measure(String name, Run run) throws Exception {
        PeakHeap.reset();
        long start = System.nanoTime();
        long records = run.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(name, records, seconds, PeakHeap.megabytes());
    }
}
