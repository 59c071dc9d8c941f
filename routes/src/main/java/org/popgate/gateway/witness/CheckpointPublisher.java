package org.popgate.gateway.witness;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.checkpoint.SignedCheckpoint;
import org.popgate.audit.witness.Witness;
import org.popgate.gateway.witness.WitnessMessages.Publication;

/**
 * The peers as one {@link Witness} of this gateway's log: the checkpointer hands it every signed checkpoint, and it
 * publishes the note with consistency proofs from every size a peer holds (as the peers last answered) and from the
 * previous publication. Publishing is asynchronous: the peers' cosignatures come back later
 * ({@link PeerAgreements}). Its latest checkpoint is the newest one a peer cosigned, which the start-up check and
 * the integrity page compare with the log.
 */
class CheckpointPublisher implements Witness {

    private final String self;
    private final CheckpointVerifier ownVerifier;
    private final PeerAgreements agreements;
    private final Consumer<Publication> transport;
    private long previous;

    CheckpointPublisher(String self, CheckpointVerifier ownVerifier, PeerAgreements agreements,
            Consumer<Publication> transport) {
        this.self = self;
        this.ownVerifier = ownVerifier;
        this.agreements = agreements;
        this.transport = transport;
    }

    @Override
    public String name() {
        return "peers";
    }

    @Override
    public synchronized void submit(String signedNote, ConsistencyProofs proofs) {
        SignedCheckpoint next = ownVerifier.verify(signedNote);
        Set<Long> from = new LinkedHashSet<>(agreements.heldSizes());
        from.add(previous);
        Map<Long, List<byte[]>> carried = new LinkedHashMap<>();
        for (long size : from) {
            if (size > 0 && size < next.size()) {
                carried.put(size, proofs.proof(size, next.size()));
            }
        }
        transport.accept(new Publication(self, signedNote, carried));
        previous = next.size();
    }

    @Override
    public Optional<String> latest() {
        return agreements.latestCosignedNote();
    }
}
