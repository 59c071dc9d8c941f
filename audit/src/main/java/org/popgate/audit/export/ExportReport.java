package org.popgate.audit.export;

import java.util.List;
import java.util.Optional;

/**
 * What offline verification of an export found: the first bad entry (line number and what is wrong)
 * or none, the audit certificate's SHA-256 fingerprint, and what verified.
 */
public record ExportReport(Optional<String> firstBadEntry, String certificateFingerprint, int checkpoints,
        int events, long anchorSize, List<String> notes) {

    public ExportReport {
        notes = List.copyOf(notes);
    }

    public boolean ok() {
        return firstBadEntry.isEmpty();
    }
}
