package org.popgate.audit.checkpoint;

/** A checkpoint whose signed note ({@code note}: body, blank line, signature lines) verified. */
public record SignedCheckpoint(Checkpoint checkpoint, String note) {

    public long size() {
        return checkpoint.size();
    }

    public byte[] root() {
        return checkpoint.root();
    }
}
