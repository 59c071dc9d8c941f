package org.popgate.gateway.witness;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The security officer's view of peer witnessing: which peers agreed with this gateway's log (witness P last
 * agreed at size N, time T, with its cosignature) and what this gateway holds of each peer's log, refusals included.
 */
@RestController
@RequestMapping("/api/v1")
class PeerWitnessController {

    private final Optional<PeerAgreements> agreements;
    private final Optional<PeerWitnessing> witnessing;

    PeerWitnessController(Optional<PeerAgreements> agreements, Optional<PeerWitnessing> witnessing) {
        this.agreements = agreements;
        this.witnessing = witnessing;
    }

    @GetMapping("/audit/peer-witnesses")
    Map<String, Object> peerWitnesses() {
        List<Map<String, Object>> agreed = agreements.map(a -> a.agreements().stream().map(PeerWitnessController::view)
                .toList()).orElse(List.of());
        List<PeerWitnessing.Seen> seen = witnessing.map(PeerWitnessing::seen).orElse(List.of());
        return Map.of("enabled", agreements.isPresent(), "agreedBy", agreed, "witnessing", seen);
    }

    private static Map<String, Object> view(PeerAgreements.Agreement a) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("peer", a.peer());
        m.put("size", a.size() < 0 ? null : a.size());
        m.put("agreedAt", a.agreedAt());
        m.put("checkpointTime", a.checkpointTime());
        m.put("cosignature", a.cosignature());
        m.put("note", a.note());
        m.put("held", a.held());
        m.put("refusedReason", a.refusedReason());
        m.put("refusedAt", a.refusedAt());
        return m;
    }
}
