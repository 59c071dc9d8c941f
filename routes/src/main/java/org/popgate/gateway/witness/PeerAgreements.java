package org.popgate.gateway.witness;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.checkpoint.SignedCheckpoint;
import org.popgate.audit.witness.Cosignature;
import org.popgate.gateway.witness.WitnessMessages.Answer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the peers answered to this gateway's checkpoints, kept in {@code <dir>/agreed/<peer>.properties} (outside
 * the database, replaced atomically): the latest checkpoint a peer cosigned (size, time, the note and the
 * cosignature, which verifies with the peer's audit key), the size of this log the peer holds (so the next
 * publication carries a consistency proof from it), and the latest refusal.
 */
class PeerAgreements {

    private static final Logger log = LoggerFactory.getLogger(PeerAgreements.class);

    private final Path dir;
    private final String self;
    private final CheckpointVerifier ownVerifier;
    private final PeerAuditKeys peers;

    PeerAgreements(Path dir, String self, CheckpointVerifier ownVerifier, PeerAuditKeys peers) {
        this.dir = dir.resolve("agreed");
        this.self = self;
        this.ownVerifier = ownVerifier;
        this.peers = peers;
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new AuditException(AuditErrorCode.WITNESS_UNAVAILABLE, "peer witness store unusable", e);
        }
    }

    /** Records a peer's answer to one of this gateway's checkpoints; false when it is not acceptable. */
    synchronized boolean accept(Answer answer) {
        if (!self.equals(answer.publisher())) {
            return false;
        }
        Optional<X509Certificate> key = peers.certificate(answer.witness());
        if (key.isEmpty()) {
            return false;
        }
        SignedCheckpoint ours;
        try {
            ours = ownVerifier.verify(answer.note());
        } catch (AuditException e) {
            return false;
        }
        Properties state = load(answer.witness());
        switch (answer.status()) {
            case COSIGNED -> {
                Cosignature c;
                try {
                    c = Cosignature.parse(answer.cosignature());
                } catch (AuditException e) {
                    return false;
                }
                if (!c.witness().equals(answer.witness())
                        || !c.verifies(PeerAuditKeys.suiteOf(key.get()), key.get().getPublicKey(), ours.checkpoint())) {
                    log.warn("A cosignature from peer {} does not verify; ignored", answer.witness());
                    return false;
                }
                if (ours.size() < Long.parseLong(state.getProperty("size", "-1"))) {
                    return true;   // an older agreement arriving late
                }
                state.setProperty("size", Long.toString(ours.size()));
                state.setProperty("agreedAt", c.time().toString());
                state.setProperty("checkpointTime", ours.checkpoint().time().toString());
                state.setProperty("note", answer.note());
                state.setProperty("cosignature", c.encode());
                state.setProperty("held", Long.toString(ours.size()));
            }
            case PROOF_NEEDED -> state.setProperty("held", Long.toString(Math.max(0, answer.size())));
            case REFUSED -> {
                state.setProperty("refusedSize", Long.toString(ours.size()));
                state.setProperty("refusedReason", answer.reason() == null ? "" : answer.reason());
                state.setProperty("refusedAt", Instant.now().toString());
                log.warn("Peer {} refused this gateway's checkpoint at size {}: {}", answer.witness(), ours.size(),
                        answer.reason());
            }
            default -> {
                return false;
            }
        }
        save(answer.witness(), state);
        return true;
    }

    /** The sizes of this log the peers hold: a publication carries consistency proofs from each. */
    synchronized List<Long> heldSizes() {
        List<Long> sizes = new ArrayList<>();
        for (Agreement a : agreements()) {
            if (a.held() > 0) {
                sizes.add(a.held());
            }
        }
        return sizes;
    }

    /** The newest checkpoint any peer cosigned (the note), for the start-up check against the log. */
    synchronized Optional<String> latestCosignedNote() {
        Agreement best = null;
        for (Agreement a : agreements()) {
            if (a.note() != null && (best == null || a.size() > best.size())) {
                best = a;
            }
        }
        return Optional.ofNullable(best).map(Agreement::note);
    }

    /** Each peer's agreement with this log: "witness <peer> last agreed at size N, time T". */
    synchronized List<Agreement> agreements() {
        List<Agreement> all = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".properties")).sorted().toList()) {
                String peer = p.getFileName().toString().replaceFirst("\\.properties$", "");
                Properties s = load(peer);
                all.add(new Agreement(peer, Long.parseLong(s.getProperty("size", "-1")), s.getProperty("agreedAt"),
                        s.getProperty("checkpointTime"), s.getProperty("cosignature"), s.getProperty("note"),
                        Long.parseLong(s.getProperty("held", "0")), s.getProperty("refusedReason"),
                        s.getProperty("refusedAt")));
            }
        } catch (IOException | NumberFormatException e) {
            throw new AuditException(AuditErrorCode.WITNESS_UNAVAILABLE, "peer witness store unreadable", e);
        }
        return all;
    }

    /**
     * A peer's agreement: the size it last cosigned (-1: none yet), when it cosigned, the checkpoint's own time, the
     * cosignature and the note, the size it holds, and its latest refusal if any.
     */
    record Agreement(String peer, long size, String agreedAt, String checkpointTime, String cosignature, String note,
            long held, String refusedReason, String refusedAt) {}

    private Properties load(String peer) {
        Properties p = new Properties();
        Path file = dir.resolve(peer + ".properties");
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException e) {
                throw new AuditException(AuditErrorCode.WITNESS_UNAVAILABLE, "peer witness store unreadable", e);
            }
        }
        return p;
    }

    private void save(String peer, Properties state) {
        Path file = dir.resolve(peer + ".properties");
        Path tmp = dir.resolve(peer + ".properties.tmp");
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                state.store(out, null);
            }
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new AuditException(AuditErrorCode.WITNESS_UNAVAILABLE, "peer witness store unwritable", e);
        }
    }
}
