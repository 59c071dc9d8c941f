package org.popgate.audit.witness;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.checkpoint.SignedCheckpoint;
import org.popgate.audit.merkle.Merkle;

/**
 * The security officers' witness: a directory outside the gateway's database (their own file
 * system, permissions and backups) holding {@code latest.checkpoint} (the newest accepted note,
 * replaced atomically and fsynced) and {@code history.checkpoints} (every accepted note, appended).
 * It accepts a checkpoint only if its signature verifies and it extends the latest one: same size
 * and root, or larger with a verifying consistency proof. A {@code witness.lock} file serialises
 * processes.
 */
public final class DirectoryWitness implements Witness {

    static final String LATEST = "latest.checkpoint";
    static final String HISTORY = "history.checkpoints";

    private final Path dir;
    private final CheckpointVerifier verifier;

    public DirectoryWitness(Path dir, CheckpointVerifier verifier) {
        this.dir = dir;
        this.verifier = verifier;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    @Override
    public String name() {
        return "directory:" + dir.getFileName();
    }

    @Override
    public synchronized void submit(String signedNote, ConsistencyProofs proofs) {
        SignedCheckpoint next = verifier.verify(signedNote);
        try (FileChannel lockFile = FileChannel.open(dir.resolve("witness.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            Optional<String> latest = readLatest();
            if (latest.isPresent()) {
                SignedCheckpoint seen = verifier.verify(latest.get());
                checkConsistent(seen, next, proofs);
                if (seen.size() == next.size() && seen.checkpoint().time().compareTo(next.checkpoint().time()) >= 0) {
                    return;
                }
            }
            Files.writeString(dir.resolve(HISTORY), signedNote, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            Path tmp = dir.resolve(LATEST + ".tmp");
            Files.writeString(tmp, signedNote, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            try {
                Files.move(tmp, dir.resolve(LATEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(LATEST), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private void checkConsistent(SignedCheckpoint seen, SignedCheckpoint next, ConsistencyProofs proofs) {
        if (next.size() < seen.size()) {
            throw inconsistent("checkpoint of size " + next.size() + " is older than the " + seen.size() + " already witnessed");
        }
        if (next.size() == seen.size()) {
            if (!Arrays.equals(next.root(), seen.root())) {
                throw inconsistent("checkpoint of size " + next.size() + " has a different root than the one witnessed");
            }
            return;
        }
        boolean ok;
        try {
            ok = Merkle.verifyConsistency(verifier.suite(), seen.size(), next.size(), seen.root(), next.root(),
                    proofs.proof(seen.size(), next.size()));
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw inconsistent("no valid consistency proof from size " + seen.size() + " to " + next.size());
        }
    }

    @Override
    public Optional<String> latest() {
        try {
            return readLatest();
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private Optional<String> readLatest() throws IOException {
        Path p = dir.resolve(LATEST);
        return Files.exists(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8)) : Optional.empty();
    }

    private static AuditException inconsistent(String why) {
        return new AuditException(AuditErrorCode.WITNESS_INCONSISTENT, why);
    }

    private static AuditException unavailable(IOException e) {
        return new AuditException(AuditErrorCode.WITNESS_UNAVAILABLE, "witness directory unusable", e);
    }
}
