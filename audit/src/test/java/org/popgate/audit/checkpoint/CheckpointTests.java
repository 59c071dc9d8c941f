package org.popgate.audit.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.merkle.TreeHead;
import org.popgate.audit.store.StoredCheckpoint;

class CheckpointTests {

    private static final byte[] ROOT = new byte[32];
    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void signsAndVerifiesC2spCheckpointWithP256AndSm2() {
        for (AuditSuite suite : AuditSuite.values()) {
            AuditFixtures.Keys keys = AuditFixtures.keys(suite);
            SignedCheckpoint cp = keys.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, 42, ROOT, T));
            assertThat(cp.note()).startsWith(AuditFixtures.ORIGIN + "\n42\n" + Base64.getEncoder().encodeToString(ROOT)
                    + "\ntime 2026-05-01T10:00:00Z\n\n\u2014 " + AuditFixtures.ORIGIN + " ");
            SignedCheckpoint back = keys.verifier().verify(cp.note());
            assertThat(back.size()).isEqualTo(42);
            assertThat(back.checkpoint().time()).isEqualTo(T);
        }
    }

    @Test
    void rejectsAlteredForeignOrUnsignedNotes() {
        AuditFixtures.Keys keys = AuditFixtures.keys(AuditSuite.INTL);
        AuditFixtures.Keys other = AuditFixtures.keys(AuditSuite.INTL);
        String note = keys.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, 42, ROOT, T)).note();
        assertThatThrownBy(() -> keys.verifier().verify(note.replace("\n42\n", "\n41\n")))
                .hasMessageStartingWith("audit_signature_invalid");
        assertThatThrownBy(() -> other.verifier().verify(note)).hasMessageStartingWith("audit_signature_invalid");
        String body = note.substring(0, note.indexOf("\n\n") + 1);
        assertThatThrownBy(() -> keys.verifier().verify(body)).isInstanceOf(AuditException.class);
        String foreignLine = other.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, 42, ROOT, T)).note();
        String both = note + foreignLine.substring(foreignLine.indexOf("\n\n") + 2);
        assertThat(keys.verifier().verify(both).size()).isEqualTo(42);
    }

    @Test
    void policySaysDueByTimeSizeAndHeartbeat() {
        CheckpointPolicy p = new CheckpointPolicy(Duration.ofSeconds(10), 1000, Duration.ofHours(1));
        StoredCheckpoint last = new StoredCheckpoint(0, 100, ROOT, T, "n", null);
        assertThat(p.due(T, new TreeHead(0, ROOT), null)).isTrue();
        assertThat(p.due(T.plusSeconds(5), new TreeHead(150, ROOT), last)).isFalse();
        assertThat(p.due(T.plusSeconds(10), new TreeHead(150, ROOT), last)).isTrue();
        assertThat(p.due(T.plusSeconds(1), new TreeHead(1100, ROOT), last)).isTrue();
        assertThat(p.due(T.plusSeconds(600), new TreeHead(100, ROOT), last)).isFalse();
        assertThat(p.due(T.plusSeconds(3600), new TreeHead(100, ROOT), last)).isTrue();
    }

    @Test
    void timestampsCheckpointWithInProcessTsaAndDetectsSwappedNote() throws Exception {
        AuditFixtures.Keys keys = AuditFixtures.keys(AuditSuite.INTL);
        InProcessTsa tsa = InProcessTsa.selfSigned("popgate test TSA");
        TimestampTrust trust = TimestampTrust.pinned(tsa.certificate());
        String note = keys.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, 7, ROOT, T)).note();
        byte[] token = Timestamps.stamp(tsa.authority(), note);
        assertThat(Timestamps.verify(token, note, trust)).isCloseTo(Instant.now(), within());
        String other = keys.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, 8, ROOT, T)).note();
        assertThatThrownBy(() -> Timestamps.verify(token, other, trust))
                .extracting(e -> ((AuditException) e).code()).isEqualTo(AuditErrorCode.TIMESTAMP_INVALID);
        byte[] corrupt = token.clone();
        corrupt[corrupt.length - 5] ^= 1;
        assertThatThrownBy(() -> Timestamps.verify(corrupt, note, trust)).isInstanceOf(AuditException.class);
    }

    @Test
    void refusesATimestampFromATsaThatIsNotPinned() throws Exception {
        AuditFixtures.Keys keys = AuditFixtures.keys(AuditSuite.INTL);
        String note = keys.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, 7, ROOT, T)).note();
        InProcessTsa pinned = InProcessTsa.selfSigned("popgate test TSA");
        // Same name, own key: a TSA that merely calls itself the pinned one.
        InProcessTsa impostor = InProcessTsa.selfSigned("popgate test TSA");
        byte[] token = Timestamps.stamp(impostor.authority(), note);

        assertThatThrownBy(() -> Timestamps.verify(token, note, TimestampTrust.pinned(pinned.certificate())))
                .isInstanceOfSatisfying(AuditException.class, e -> {
                    assertThat(e.code()).isEqualTo(AuditErrorCode.TIMESTAMP_INVALID);
                    assertThat(e.getMessage()).contains("untrusted TSA");
                });
        assertThatThrownBy(() -> Timestamps.verify(token, note, TimestampTrust.none()))
                .isInstanceOfSatisfying(AuditException.class,
                        e -> assertThat(e.getMessage()).contains("no TSA trust anchor"));
        assertThat(Timestamps.verify(token, note, TimestampTrust.pinned(java.util.List.of(pinned.certificate(),
                impostor.certificate())))).isCloseTo(Instant.now(), within());
    }

    @Test
    void acceptsATsaCertificateIssuedByAPinnedCaOnly() throws Exception {
        AuditFixtures.Keys keys = AuditFixtures.keys(AuditSuite.INTL);
        String note = keys.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, 9, ROOT, T)).note();
        InProcessTsa.Ca ca = InProcessTsa.Ca.create("popgate test TSA CA");
        InProcessTsa.Ca otherCa = InProcessTsa.Ca.create("popgate test TSA CA");
        byte[] issued = Timestamps.stamp(ca.issueTsa("popgate TSA 1").authority(), note);
        byte[] foreign = Timestamps.stamp(otherCa.issueTsa("popgate TSA 1").authority(), note);

        assertThat(Timestamps.verify(issued, note, TimestampTrust.pinned(ca.certificate())))
                .isCloseTo(Instant.now(), within());
        assertThatThrownBy(() -> Timestamps.verify(foreign, note, TimestampTrust.pinned(ca.certificate())))
                .isInstanceOfSatisfying(AuditException.class,
                        e -> assertThat(e.code()).isEqualTo(AuditErrorCode.TIMESTAMP_INVALID));
    }

    private static org.assertj.core.data.TemporalUnitOffset within() {
        return new org.assertj.core.data.TemporalUnitWithinOffset(1, java.time.temporal.ChronoUnit.MINUTES);
    }

    static {
        assertThat(NISTObjectIdentifiers.id_sha256).isNotNull();
    }
}
