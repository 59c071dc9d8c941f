package org.popgate.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditSuite;

class AuditEventTests {

    @Test
    void refusesApprovalWithoutApprovalIdNamingTheField() {
        AuditEvent.Builder b = AuditEvent.builder(EventType.EXCHANGE_APPROVED)
                .actor(Actor.person("approver-1", "approver", "population-office"))
                .exchangeId("ex-1").purpose("p").legalBasis("l");
        assertThatThrownBy(b::build)
                .isInstanceOf(AuditException.class)
                .hasMessage("audit_missing_field: approval_id is required for exchange_approved")
                .extracting(e -> ((AuditException) e).code()).isEqualTo(AuditErrorCode.MISSING_FIELD);
    }

    @Test
    void refusesEventWithoutActor() {
        assertThatThrownBy(() -> AuditEvent.builder(EventType.LOGIN_SUCCEEDED).build())
                .hasMessageContaining("audit_missing_field: actor_person or actor_member");
    }

    @Test
    void refusesFailureWithoutReasonAndControlCharacters() {
        assertThatThrownBy(() -> AuditEvent.builder(EventType.LOGIN_SUCCEEDED).actor(Actor.person("u", "r", "d"))
                .outcome(Outcome.DENIED).build()).hasMessageContaining("reason is required");
        assertThatThrownBy(() -> AuditEvent.builder(EventType.LOGIN_SUCCEEDED).actor(Actor.person("u\n", "r", "d"))
                .build()).hasMessageStartingWith("audit_invalid_field: actor_person");
    }

    @Test
    void everyRequiredFieldOfEveryTypeIsEnforced() {
        for (EventType type : EventType.values()) {
            for (Field missing : type.requiredFields()) {
                AuditEvent.Builder b = complete(type);
                switch (missing) {
                    case ACTOR_PERSON -> b.actor(new Actor(null, "role", "431128.police", null, null));
                    case ACTOR_ROLE -> b.actor(new Actor("p", null, null, null, null));
                    case FLOW -> b.flow(null);
                    case OPERATION -> b.operation(null);
                    case DATA_CATEGORIES -> b.dataCategories(List.of());
                    case RECORD_COUNT -> b = copyWithout(type);
                    case REQUEST_DIGEST -> b.requestDigest(null);
                    case RESPONSE_DIGEST -> b.responseDigest(null);
                    case PURPOSE -> b.purpose(null);
                    case LEGAL_BASIS -> b.legalBasis(null);
                    case APPROVAL_ID -> b.approvalId(null);
                    case EXCHANGE_ID -> b.exchangeId(null);
                    case REASON -> b.reason(null);
                    default -> throw new IllegalStateException(missing.name());
                }
                AuditEvent.Builder finalB = b;
                assertThatThrownBy(finalB::build).as(type + " without " + missing)
                        .hasMessageContaining(missing.label() + " is required");
            }
            assertThat(complete(type).build().type()).isEqualTo(type);
        }
    }

    private static AuditEvent.Builder copyWithout(EventType type) {
        return AuditEvent.builder(type)
                .actor(new Actor("p", "role", "431128.police", "dept", "cert"))
                .flow("f").operation("o").dataCategories(List.of("identity"))
                .requestDigest(new Digest(new byte[32])).responseDigest(new Digest(new byte[32]))
                .purpose("p").legalBasis("l").approvalId("a").exchangeId("x").reason("r");
    }

    static AuditEvent.Builder complete(EventType type) {
        return AuditEvent.builder(type)
                .actor(new Actor("p", "role", "431128.police", "dept", "cert"))
                .flow("f").operation("o").dataCategories(List.of("identity")).recordCount(1)
                .requestDigest(new Digest(new byte[32])).responseDigest(new Digest(new byte[32]))
                .purpose("p").legalBasis("l").approvalId("a").exchangeId("x").reason("r");
    }

    @Test
    void canonicalBytesRoundTripAndAreDeterministic() {
        Random r = new Random(7);
        for (int i = 0; i < 200; i++) {
            AuditEvent e = AuditFixtures.sample(r, i).event();
            byte[] bytes = CanonicalEncoding.encode(e);
            assertThat(CanonicalEncoding.decode(bytes)).isEqualTo(e);
            assertThat(CanonicalEncoding.encode(CanonicalEncoding.decode(bytes))).isEqualTo(bytes);
        }
        AuditEvent a = complete(EventType.EXCHANGE_REQUESTED).dataCategories(List.of("b", "a", "a"))
                .occurredAt(Instant.parse("2026-01-01T00:00:00.123456789Z")).build();
        assertThat(a.dataCategories()).containsExactly("a", "b");
        assertThat(a.occurredAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
    }

    @Test
    void refusesNonCanonicalOrCorruptBytes() {
        byte[] bytes = CanonicalEncoding.encode(complete(EventType.EXCHANGE_REQUESTED).build());
        Random r = new Random(3);
        int refused = 0;
        for (int i = 0; i < 500; i++) {
            byte[] bad = bytes.clone();
            int pos = r.nextInt(bad.length);
            bad[pos] ^= (byte) (1 + r.nextInt(255));
            try {
                AuditEvent e = CanonicalEncoding.decode(bad);
                assertThat(CanonicalEncoding.encode(e)).isEqualTo(bad);
            } catch (AuditException e) {
                assertThat(e.code()).isEqualTo(AuditErrorCode.ENCODING_INVALID);
                refused++;
            }
        }
        assertThat(refused).isPositive();
        assertThatThrownBy(() -> CanonicalEncoding.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .hasMessageStartingWith("audit_encoding_invalid");
        assertThatThrownBy(() -> CanonicalEncoding.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                .hasMessageStartingWith("audit_encoding_invalid");
    }

    @Test
    void subjectHasherIsKeyedStableAndNormalisesCheckCharacter() {
        SubjectHasher h = new SubjectHasher(new SecretKeySpec(new byte[32], "HmacSHA256"));
        SubjectHasher other = new SubjectHasher(new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "HmacSHA256"));
        assertThat(h.hash("11010519491231002x")).isEqualTo(h.hash(" 11010519491231002X "));
        assertThat(h.hash("11010519491231002X")).isNotEqualTo(other.hash("11010519491231002X"));
        assertThat(h.hash("11010519491231002X").hex()).doesNotContain("11010519491231002");
    }

    @Test
    void subjectIndexDigestCoversOrderAndCount() {
        SubjectHash a = new SubjectHash(new byte[32]);
        byte[] bb = new byte[32];
        bb[0] = 1;
        SubjectHash b = new SubjectHash(bb);
        assertThat(SubjectIndex.of(AuditSuite.INTL, List.of(a, b)).digest())
                .isNotEqualTo(SubjectIndex.of(AuditSuite.INTL, List.of(b, a)).digest())
                .isNotEqualTo(SubjectIndex.of(AuditSuite.INTL, List.of(a)).digest())
                .isNotEqualTo(SubjectIndex.of(AuditSuite.GM, List.of(a, b)).digest());
    }
}
