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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
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
 * processes. After a restore from backup, {@link #recordEpoch} moves it onto the restored log and keeps
 * the abandoned checkpoint in {@code epochs.checkpoints}.
 */
public final class DirectoryWitness implements Witness {

    static final String LATEST = "latest.checkpoint";
    static final String HISTORY = "history.checkpoints";
    static final String EPOCHS = "epochs.checkpoints";

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
            replaceLatest(signedNote);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    @Override
    public synchronized void recordEpoch(String epochNote, String abandonedNote) {
        SignedCheckpoint epoch = verifier.verify(epochNote);
        SignedCheckpoint abandoned = verifier.verify(abandonedNote);
        if (epoch.size() == 0) {
            throw inconsistent("an empty log cannot start an epoch");
        }
        try (FileChannel lockFile = FileChannel.open(dir.resolve("witness.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            Optional<String> latest = readLatest();
            if (latest.isEmpty()) {
                throw inconsistent("no checkpoint witnessed yet: a restore epoch has nothing to fall back from");
            }
            SignedCheckpoint seen = verifier.verify(latest.get());
            if (seen.size() != abandoned.size() || !Arrays.equals(seen.root(), abandoned.root())) {
                throw inconsistent("the restore epoch falls back from size " + abandoned.size()
                        + ", but the witnessed checkpoint has size " + seen.size());
            }
            Base64.Encoder b64 = Base64.getEncoder();
            Files.writeString(dir.resolve(EPOCHS), b64.encodeToString(abandonedNote.getBytes(StandardCharsets.UTF_8))
                    + "\t" + b64.encodeToString(epochNote.getBytes(StandardCharsets.UTF_8)) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            replaceLatest(epochNote);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<Epoch> epochs() {
        Path p = dir.resolve(EPOCHS);
        try {
            if (!Files.exists(p)) {
                return List.of();
            }
            List<Epoch> epochs = new ArrayList<>();
            Base64.Decoder b64 = Base64.getDecoder();
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                String[] parts = line.split("\t");
                if (parts.length == 2) {
                    epochs.add(new Epoch(new String(b64.decode(parts[0]), StandardCharsets.UTF_8),
                            new String(b64.decode(parts[1]), StandardCharsets.UTF_8)));
                }
            }
            return epochs;
        } catch (IOException | IllegalArgumentException e) {
            throw new AuditException(AuditErrorCode.WITNESS_UNAVAILABLE, "witness epoch history unreadable", e);
        }
    }

    /** Appends the note to the history and makes it the latest, atomically and durably. */
    private void replaceLatest(String signedNote) throws IOException {
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
