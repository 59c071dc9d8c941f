package org.popgate.gateway.witness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.checkpoint.SignedCheckpoint;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.witness.Cosignature;
import org.popgate.audit.witness.DirectoryWitness;
import org.popgate.gateway.witness.WitnessMessages.Answer;
import org.popgate.gateway.witness.WitnessMessages.Publication;
import org.popgate.gateway.witness.WitnessMessages.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This gateway as a witness of its peers' audit logs. For each peer a {@link DirectoryWitness} in
 * {@code <dir>/seen/<peer>} keeps what it has seen (outside the database); a publication is accepted only if its
 * signature verifies with the peer's audit key and it is consistent with that (same root at the same size, or a
 * verifying consistency proof from the size held). Accepted: cosigned with this gateway's audit key. Refused (bad
 * signature, rollback, fork): never cosigned, kept in {@code <dir>/refused/<peer>}, and audited as
 * {@code peer_checkpoint_refused}, which the alert desk raises as an alert.
 */
class PeerWitnessing {

    private static final Logger log = LoggerFactory.getLogger(PeerWitnessing.class);

    private final Path dir;
    private final PeerAuditKeys peers;
    private final String self;
    private final AuditSuite suite;
    private final PrivateKey auditKey;
    private final AuditLog auditLog;
    private final Clock clock;

    PeerWitnessing(Path dir, PeerAuditKeys peers, String self, AuditSuite suite, PrivateKey auditKey, AuditLog auditLog,
            Clock clock) {
        this.dir = dir;
        this.peers = peers;
        this.self = self;
        this.suite = suite;
        this.auditKey = auditKey;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** The answer to a peer's publication; empty when the publisher is this gateway or not a known peer. */
    synchronized Optional<Answer> answer(Publication p) {
        if (self.equals(p.publisher())) {
            return Optional.empty();
        }
        Optional<CheckpointVerifier> known = peers.verifier(p.publisher());
        if (known.isEmpty()) {
            log.debug("Checkpoint from an unknown gateway ignored");
            return Optional.empty();
        }
        CheckpointVerifier verifier = known.get();
        DirectoryWitness seen = store(p.publisher(), verifier);
        long held = seen.latest().map(n -> verifier.verify(n).size()).orElse(0L);
        SignedCheckpoint next;
        try {
            next = verifier.verify(p.note());
        } catch (AuditException e) {
            return Optional.of(refuse(p, held, e.code()));
        }
        if (alreadyAccepted(p.publisher(), p.note())) {
            // a redelivery (the consumer resumes from its last commit): answer again, the store is unchanged
            return Optional.of(cosign(p, next));
        }
        if (next.size() > held && held > 0 && !p.proofs().containsKey(held)) {
            return Optional.of(new Answer(self, p.publisher(), p.note(), Status.PROOF_NEEDED, held, null, null));
        }
        try {
            seen.submit(p.note(), (from, to) -> {
                List<byte[]> proof = p.proofs().get(from);
                return proof == null ? List.of() : proof;
            });
        } catch (AuditException e) {
            if (e.code() == AuditErrorCode.WITNESS_UNAVAILABLE) {
                throw e;
            }
            return Optional.of(refuse(p, held, e.code()));
        }
        return Optional.of(cosign(p, next));
    }

    private Answer cosign(Publication p, SignedCheckpoint next) {
        Cosignature cosignature = Cosignature.sign(suite, self, auditKey, next.checkpoint(), clock.instant());
        return new Answer(self, p.publisher(), p.note(), Status.COSIGNED, next.size(), cosignature.encode(), null);
    }

    /** Whether this exact note is in the peer's history of accepted checkpoints (DirectoryWitness's history file). */
    private boolean alreadyAccepted(String peer, String note) {
        Path history = dir.resolve("seen").resolve(peer).resolve("history.checkpoints");
        try {
            return Files.exists(history) && Files.readString(history, StandardCharsets.UTF_8).contains(note);
        } catch (IOException e) {
            throw new AuditException(AuditErrorCode.WITNESS_UNAVAILABLE, "peer witness store unreadable", e);
        }
    }

    /** What this gateway holds of each peer's log: the latest checkpoint seen and the refusals. */
    List<Seen> seen() {
        List<Seen> all = new ArrayList<>();
        Path root = dir.resolve("seen");
        if (!Files.isDirectory(root)) {
            return all;
        }
        try (var list = Files.list(root)) {
            for (Path p : list.sorted().toList()) {
                String peer = p.getFileName().toString();
                Optional<CheckpointVerifier> verifier = peers.verifier(peer);
                if (verifier.isEmpty()) {
                    continue;
                }
                Optional<SignedCheckpoint> latest = store(peer, verifier.get()).latest().map(verifier.get()::verify);
                all.add(new Seen(peer, latest.map(SignedCheckpoint::size).orElse(null),
                        latest.map(c -> c.checkpoint().time().toString()).orElse(null), refusals(peer)));
            }
        } catch (IOException e) {
            throw new AuditException(AuditErrorCode.WITNESS_UNAVAILABLE, "peer witness store unreadable", e);
        }
        return all;
    }

    /** A peer's log as this gateway witnessed it. */
    record Seen(String peer, Long size, String signedAt, List<String> refusals) {}

    private DirectoryWitness store(String peer, CheckpointVerifier verifier) {
        return new DirectoryWitness(dir.resolve("seen").resolve(peer), verifier);
    }

    private Answer refuse(Publication p, long held, AuditErrorCode code) {
        String at = clock.instant().toString();
        try {
            Path refused = dir.resolve("refused");
            Files.createDirectories(refused);
            Files.writeString(refused.resolve(p.publisher()), at + " " + code.code() + " held " + held + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new AuditException(AuditErrorCode.WITNESS_UNAVAILABLE, "peer witness store unwritable", e);
        }
        auditLog.append(AuditEvent.builder(EventType.PEER_CHECKPOINT_REFUSED)
                .actor(Actor.gateway(self))
                .operation("witness.checkpoint.refuse")
                .reason(code.code())
                .attribute("peer", p.publisher())
                .attribute("held_size", Long.toString(held))
                .outcome(Outcome.FAILED)
                .build());
        log.warn("Refused a checkpoint of peer {}: {}", p.publisher(), code.code());
        return new Answer(self, p.publisher(), p.note(), Status.REFUSED, held, null, code.code());
    }

    private List<String> refusals(String peer) throws IOException {
        Path p = dir.resolve("refused").resolve(peer);
        return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
    }
}
