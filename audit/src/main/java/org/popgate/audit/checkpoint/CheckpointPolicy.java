package org.popgate.audit.checkpoint;

import java.time.Duration;
import java.time.Instant;
import org.popgate.audit.merkle.TreeHead;
import org.popgate.audit.store.StoredCheckpoint;

/**
 * When a checkpoint is due (no scheduler here: the gateway asks, e.g. every second): when the log
 * has grown and either {@code interval} has passed since the last checkpoint or {@code maxEntries}
 * events are not yet covered; also when there is no checkpoint at all, and at least every
 * {@code heartbeat} even without growth (so witnesses see a fresh signature).
 */
public record CheckpointPolicy(Duration interval, long maxEntries, Duration heartbeat) {

    public static CheckpointPolicy defaults() {
        return new CheckpointPolicy(Duration.ofSeconds(10), 10_000, Duration.ofHours(1));
    }

    public boolean due(Instant now, TreeHead head, StoredCheckpoint last) {
        if (last == null) {
            return true;
        }
        long uncovered = head.size() - last.treeSize();
        Duration age = Duration.between(last.signedAt(), now);
        if (uncovered > 0) {
            return uncovered >= maxEntries || age.compareTo(interval) >= 0;
        }
        return age.compareTo(heartbeat) >= 0;
    }
}
