package org.popgate.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.popgate.audit.checkpoint.CheckpointPolicy;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.Checkpointer;
import org.popgate.audit.log.IntegrityAlarm;
import org.popgate.audit.store.JdbcAuditStore;
import org.popgate.audit.verify.AuditVerifier;
import org.popgate.audit.witness.DirectoryWitness;
import org.popgate.audit.witness.Witness;

/** A whole audit stack the way the gateway wires it: store, start-up check, log, checkpointer, witness. */
public final class AuditHarness implements AutoCloseable {

    public final DataSource dataSource;
    public final AuditFixtures.Keys keys;
    public final JdbcAuditStore store;
    public final DirectoryWitness witness;
    public final AuditVerifier verifier;
    public final IntegrityAlarm alarm = new IntegrityAlarm();
    public final AuditVerifier.StartupResult startup;
    public final AuditLog log;
    public final Checkpointer checkpointer;

    public AuditHarness(DataSource dataSource, AuditFixtures.Keys keys, Path witnessDir) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.store = new JdbcAuditStore(dataSource, AuditFixtures.sealer(), false);
        this.witness = new DirectoryWitness(witnessDir, keys.verifier());
        List<Witness> witnesses = List.of(witness);
        this.verifier = new AuditVerifier(store, keys.verifier(), AuditFixtures.sealer(), witnesses);
        this.startup = verifier.startupCheck(alarm);
        this.log = new AuditLog(store, startup.tree(), alarm, AuditLog.Settings.defaults("431128.gateway"));
        this.checkpointer = new Checkpointer(log, keys.signer(), CheckpointPolicy.defaults(), witnesses, null,
                Clock.systemUTC());
    }

    /** Appends {@code n} sample events from this seed, checkpointing every {@code every} events. */
    public void fill(long seed, int n, int every) {
        Random r = new Random(seed);
        long base = log.head().size();
        for (int i = 0; i < n; i++) {
            AuditFixtures.Sample s = AuditFixtures.sample(r, base + i);
            log.append(s.event(), s.subjects());
            if (every > 0 && (i + 1) % every == 0) {
                checkpointer.checkpoint();
            }
        }
    }

    @Override
    public void close() {
        log.close();
        store.close();
    }
}
