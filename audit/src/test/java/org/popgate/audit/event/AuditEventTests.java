package org.popgate.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
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
    void attributeKeysFollowTheirPatternAndOthersAreRefusedWithACode() {
        AuditEvent ok = login().attribute("a", "1").attribute("member.id_2-x", "2").attribute("9", "3")
                .attribute("k".repeat(64), "4").build();
        assertThat(ok.attributes()).containsKeys("a", "member.id_2-x", "9", "k".repeat(64));
        for (String bad : List.of("", "_a", ".a", "-a", "A", "aB", "a b", "a/b", "é", "k".repeat(65), "a\u0000")) {
            assertThatThrownBy(() -> login().attribute(bad, "v").build())
                    .as("key %s", bad)
                    .isInstanceOf(AuditException.class)
                    .hasMessage("audit_invalid_field: attributes key must match [a-z0-9][a-z0-9_.-]{0,63}")
                    .extracting(e -> ((AuditException) e).code()).isEqualTo(AuditErrorCode.INVALID_FIELD);
        }
    }

    @Test
    void eventIdIsDrawnWhenNotSetKeptWhenSetAndRefusedWhenSetToNull() {
        AuditEvent a = login().build();
        AuditEvent b = login().build();
        assertThat(a.eventId()).isNotNull().isNotEqualTo(b.eventId());
        assertThat(a.toBuilder().build().eventId()).isEqualTo(a.eventId());
        UUID chosen = new UUID(1, 2);
        assertThat(login().eventId(chosen).build().eventId()).isEqualTo(chosen);
        assertThatThrownBy(() -> login().eventId(null).build())
                .hasMessage("audit_missing_field: event_id is required for login_succeeded");
    }

    private static AuditEvent.Builder login() {
        return AuditEvent.builder(EventType.LOGIN_SUCCEEDED).actor(Actor.person("u", "r", "d"));
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

    /**
     * The encoding is the Merkle leaf, so it may never change: a log written by one version must verify under every
     * later one. Pinned on an event with every field set, non-ASCII text and two attributes; the figures were also
     * computed by a separate script straight from the format in docs/decisions/audit-log.md.
     */
    @Test
    void canonicalBytesOfAFixedEventArePinned() throws Exception {
        byte[] d = new byte[32];
        Arrays.fill(d, (byte) 0xa5);
        AuditEvent e = complete(EventType.EXCHANGE_DELIVERED)
                .eventId(new UUID(0x0123456789abcdefL, 0xfedcba9876543210L))
                .occurredAt(Instant.parse("2026-11-29T08:30:00.654321Z"))
                .actor(new Actor("张三", "approver", "431128.police", "户政科", "cert-7"))
                .dataCategories(List.of("identity", "address")).recordCount(1234567890123L)
                .subjectSummary(3, new Digest(d)).outcome(Outcome.FAILED).reason("对方拒收")
                .attribute("member", "431128.police").attribute("b.key", "值").build();
        byte[] bytes = CanonicalEncoding.encode(e);
        assertThat(bytes).hasSize(PINNED_LENGTH);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                .isEqualTo(PINNED_SHA256);
        assertThat(CanonicalEncoding.decode(bytes)).isEqualTo(e);
    }

    private static final int PINNED_LENGTH = 414;
    private static final String PINNED_SHA256 = "ab3479d49a2d559173c60394122a1cf2f86e325db0836058043329b28bb91c96";

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
