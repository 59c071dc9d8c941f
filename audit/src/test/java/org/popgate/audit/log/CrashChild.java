package org.popgate.audit.log;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.CheckpointPolicy;
import org.popgate.audit.checkpoint.CheckpointSigner;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.store.JdbcAuditStore;
import org.popgate.audit.verify.AuditVerifier;

/**
 * The process the crash tests kill: a plain-Java gateway stand-in that runs the start-up check,
 * then appends from many threads and prints {@code ACK <seq> <event id>} once each append returned.
 * Args: jdbc-url user password threads seed private-key(b64 PKCS#8) public-key(b64 SPKI).
 */
public final class CrashChild {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        DataSource ds;
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            ds = h2;
        } else {
            org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
            pg.setURL(url);
            pg.setUser(args[1]);
            pg.setPassword(args[2]);
            ds = pg;
        }
        int threads = Integer.parseInt(args[3]);
        long seed = Long.parseLong(args[4]);
        KeyFactory kf = KeyFactory.getInstance("EC", AuditSuite.bc());
        PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(args[5])));
        PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(args[6])));
        CheckpointVerifier verifier = new CheckpointVerifier(AuditSuite.INTL, AuditFixtures.ORIGIN, AuditFixtures.ORIGIN, pub);

        JdbcAuditStore store = new JdbcAuditStore(ds, AuditFixtures.sealer());
        IntegrityAlarm alarm = new IntegrityAlarm();
        AuditVerifier.StartupResult start = new AuditVerifier(store, verifier, AuditFixtures.sealer(), List.of())
                .startupCheck(alarm);
        if (!start.report().ok()) {
            System.out.println("STARTUP-FAILED " + start.report().firstProblem().orElseThrow());
            System.exit(3);
        }
        AuditLog log = new AuditLog(store, start.tree(), alarm, AuditLog.Settings.defaults("431128.gateway"));
        Checkpointer checkpointer = new Checkpointer(log,
                new CheckpointSigner(AuditSuite.INTL, AuditFixtures.ORIGIN, priv, pub),
                new CheckpointPolicy(Duration.ofMillis(200), 500, Duration.ofHours(1)), List.of(), null, Clock.systemUTC());
        System.out.println("READY " + start.tree().size());
        System.out.flush();
        for (int t = 0; t < threads; t++) {
            long threadSeed = seed * 1000 + t;
            Thread worker = new Thread(() -> {
                Random r = new Random(threadSeed);
                for (long i = 0; ; i++) {
                    AuditFixtures.Sample s = AuditFixtures.sample(r, i);
                    long seq = log.append(s.event(), s.subjects());
                    synchronized (System.out) {
                        System.out.println("ACK " + seq + " " + s.event().eventId());
                        System.out.flush();
                    }
                    if (i % 50 == 0) {
                        checkpointer.checkpointIfDue();
                    }
                }
            });
            worker.start();
        }
    }
}
