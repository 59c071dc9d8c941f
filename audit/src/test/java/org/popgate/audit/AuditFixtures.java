package org.popgate.audit;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.popgate.audit.checkpoint.CheckpointSigner;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.Digest;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.event.SubjectHash;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.audit.store.RowSealer;

/** Keys, databases and random events shared by the audit tests. */
public final class AuditFixtures {

    public static final String ORIGIN = "popgate.test/audit/431128";
    private static final AtomicLong DB_COUNTER = new AtomicLong();

    private AuditFixtures() {}

    /** An audit key pair with a self-signed certificate. */
    public record Keys(AuditSuite suite, PrivateKey privateKey, PublicKey publicKey, X509Certificate certificate) {

        public CheckpointSigner signer() {
            return new CheckpointSigner(suite, ORIGIN, privateKey, publicKey);
        }

        public CheckpointVerifier verifier() {
            return new CheckpointVerifier(suite, ORIGIN, ORIGIN, publicKey);
        }
    }

    public static Keys keys(AuditSuite suite) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", AuditSuite.bc());
            g.initialize(new ECGenParameterSpec(suite == AuditSuite.INTL ? "secp256r1" : "sm2p256v1"), new SecureRandom());
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=popgate audit test");
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name, kp.getPublic());
            var signer = new JcaContentSignerBuilder(suite.signatureAlgorithm()).setProvider(AuditSuite.bc())
                    .build(kp.getPrivate());
            X509Certificate cert = new JcaX509CertificateConverter().setProvider(AuditSuite.bc())
                    .getCertificate(builder.build(signer));
            return new Keys(suite, kp.getPrivate(), kp.getPublic(), cert);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static RowSealer sealer() {
        return new RowSealer(new SecretKeySpec(new byte[32], "HmacSHA256"));
    }

    /** A fresh in-memory H2 database with the audit schema. */
    public static DataSource h2Memory() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:audit" + DB_COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        migrate(ds, null);
        return ds;
    }

    public static JdbcDataSource h2File(Path dir) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath() + ";WRITE_DELAY=0");
        return ds;
    }

    /** Runs the audit migrations; for PostgreSQL also the append-only additions granted to {@code appRole}. */
    public static void migrate(DataSource ds, String appRole) {
        List<String> locations = new ArrayList<>(List.of("classpath:db/audit/common"));
        if (appRole != null) {
            locations.add("classpath:db/audit/postgresql");
        }
        Flyway.configure()
                .dataSource(ds)
                .locations(locations.toArray(String[]::new))
                .placeholders(Map.of("app_role", appRole == null ? "unused" : appRole))
                .load()
                .migrate();
    }

    /** A varied, valid event; every fifth one concerns persons (returned index non-empty). */
    public record Sample(AuditEvent event, SubjectIndex subjects) {}

    public static Sample sample(Random r, long i) {
        EventType[] types = {EventType.EXCHANGE_REQUESTED, EventType.EXCHANGE_SELECTED, EventType.EXCHANGE_DELIVERED,
                EventType.LOGIN_SUCCEEDED, EventType.FEED_APPLIED, EventType.MIGRANT_MESSAGE_SENT, EventType.KEY_ROTATED};
        EventType type = types[(int) (i % types.length)];
        String exchange = "ex-" + (i / 7);
        AuditEvent.Builder b = AuditEvent.builder(type)
                .eventId(new UUID(r.nextLong(), r.nextLong()))
                .occurredAt(Instant.parse("2026-01-01T00:00:00Z").plusMillis(i * 10 + r.nextInt(10)))
                .actor(new Actor("staff-" + r.nextInt(50), "requester", "431128." + (i % 2 == 0 ? "police" : "health"),
                        "dept-" + r.nextInt(4), "cert-" + r.nextInt(9)))
                .flow("pull.population")
                .operation("op-" + r.nextInt(3))
                .dataCategories(List.of("identity", "address"))
                .recordCount(r.nextInt(1000))
                .purpose("service delivery")
                .legalBasis("regulation 12")
                .approvalId("ap-" + (i / 7))
                .exchangeId(exchange)
                .requestDigest(new Digest(random(r, 32)))
                .responseDigest(new Digest(random(r, 32)))
                .reason("none")
                .outcome(Outcome.SUCCEEDED);
        SubjectIndex subjects = SubjectIndex.empty();
        if (i % 5 == 0) {
            List<SubjectHash> hashes = new ArrayList<>();
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                hashes.add(new SubjectHash(random(r, 32)));
            }
            subjects = SubjectIndex.of(AuditSuite.INTL, hashes);
            b.subjects(subjects);
        }
        return new Sample(b.build(), subjects);
    }

    public static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
