package org.popgate.audit.checkpoint;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;

/**
 * The body of a C2SP tlog-checkpoint: origin line, decimal tree size, base64 root hash, then one
 * extension line {@code time <ISO-8601 UTC>} with the signing time.
 */
public record Checkpoint(String origin, long size, byte[] root, Instant time) {

    public Checkpoint {
        root = root.clone();
        if (origin.isEmpty() || origin.chars().anyMatch(c -> c < 0x21 || c == '+')) {
            throw new AuditException(AuditErrorCode.CHECKPOINT_INVALID, "origin must be non-empty without spaces or '+'");
        }
        if (size < 0) {
            throw new AuditException(AuditErrorCode.CHECKPOINT_INVALID, "negative tree size");
        }
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    /** The note text the signatures cover (ends with a newline). */
    public String body() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\ntime " + time + "\n";
    }

    /** Parses a checkpoint body; refuses anything that does not re-serialise identically. */
    public static Checkpoint parse(String body) {
        String[] lines = body.split("\n", -1);
        if (lines.length != 5 || !lines[4].isEmpty() || !lines[3].startsWith("time ")) {
            throw bad("expected origin, size, root and time lines");
        }
        try {
            Checkpoint cp = new Checkpoint(lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]),
                    Instant.parse(lines[3].substring(5)));
            if (!cp.body().equals(body)) {
                throw bad("checkpoint body is not canonical");
            }
            return cp;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw bad("malformed checkpoint line");
        } catch (IllegalArgumentException e) {
            throw bad("malformed base64 root");
        }
    }

    private static AuditException bad(String why) {
        return new AuditException(AuditErrorCode.CHECKPOINT_INVALID, why);
    }
}
