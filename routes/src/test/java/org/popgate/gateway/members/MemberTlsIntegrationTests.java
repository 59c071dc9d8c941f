package org.popgate.gateway.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.EventType;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.store.AuditQuery;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.support.CsrPem;
import org.popgate.gateway.support.TestDirectories;
import org.popgate.gateway.support.TestGateway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Member systems over mutual TLS: who gets in, who is refused, and revocation on an open connection. */
class MemberTlsIntegrationTests {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestDirectories.create(), List.of(ConnectionIdFilter.class));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aDepartmentWithItsIssuedCertificateGetsIn() {
        TestGateway.MemberCredentials police = gateway.enrolMember("431128.police", "DEPARTMENT");
        TestGateway.Response me = TestGateway.send(gateway.memberClient(police),
                HttpRequest.newBuilder(gateway.https("/api/v1/me")).build());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("member").asString()).isEqualTo("431128.police");
        assertThat(me.json().get("kind").asString()).isEqualTo("member");
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() {
        MemberCa stranger = MemberCa.create(CryptoSuite.INTL, "431128.stranger", Clock.systemUTC());
        KeyPair pair = TestGateway.p256();
        X509Certificate foreign = CsrPem.jdk(stranger.issue(
                CertificateRequests.create(CryptoSuite.INTL, "431128.education", pair), CertificateUse.TLS,
                Duration.ofDays(30)));
        assertRefused(gateway.memberClient(pair.getPrivate(), foreign));
    }

    @Test
    void anExpiredCertificateIsRefused() {
        gateway.enrolMember("431128.civil-affairs", "DEPARTMENT");
        KeyPair pair = TestGateway.p256();
        MemberCa ca = gateway.bean(MemberCas.class).tls();
        X509Certificate expired = CsrPem.jdk(ca.issue(
                CertificateRequests.create(CryptoSuite.INTL, "431128.civil-affairs", pair), CertificateUse.TLS,
                Duration.ofMinutes(-1)));
        assertRefused(gateway.memberClient(pair.getPrivate(), expired));
    }

    @Test
    void aRevokedMemberIsRefusedOnTheNextRequestOfItsOpenConnection() {
        TestGateway.MemberCredentials health = gateway.enrolMember("431128.education", "DEPARTMENT");
        HttpClient client = gateway.memberClient(health);
        TestGateway.Response before = TestGateway.send(client, HttpRequest.newBuilder(gateway.https("/api/v1/me")).build());
        assertThat(before.status()).isEqualTo(200);

        TestGateway.Response revoked = gateway.send(gateway.as("sysadmin", "/api/v1/members/431128.education/revoke")
                .header("Content-Type", "application/json")
                .POST(TestGateway.json(Map.of("reason", "key compromise drill"))).build());
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("status").asString()).isEqualTo("REVOKED");

        TestGateway.Response after = TestGateway.send(client, HttpRequest.newBuilder(gateway.https("/api/v1/me")).build());
        assertThat(after.header(ConnectionIdFilter.HEADER)).as("the same keep-alive connection")
                .isEqualTo(before.header(ConnectionIdFilter.HEADER));
        assertThat(after.status()).isEqualTo(403);
        assertThat(after.code()).isEqualTo("member_revoked");

        AuditLog audit = gateway.bean(AuditLog.class);
        assertThat(audit.query(AuditQuery.all().ofTypes(Set.of(EventType.CERTIFICATE_REVOKED))))
                .anySatisfy(e -> assertThat(e.event().attributes()).containsEntry("member", "431128.education"));
        assertThat(audit.query(AuditQuery.all().byMember("431128.education").ofTypes(Set.of(EventType.ACCESS_DENIED))))
                .anySatisfy(e -> assertThat(e.event().reason()).isEqualTo("member_revoked"));
    }

    @Test
    void aSuspendedMemberIsRefusedUntilReinstated() {
        TestGateway.MemberCredentials office = gateway.enrolMember("431128.migrant-office", "MIGRANT_OFFICE");
        HttpClient client = gateway.memberClient(office);
        assertThat(gateway.send(gateway.as("sysadmin", "/api/v1/members/431128.migrant-office/suspend")
                .POST(HttpRequest.BodyPublishers.noBody()).build()).status()).isEqualTo(200);
        TestGateway.Response suspended = TestGateway.send(client, HttpRequest.newBuilder(gateway.https("/api/v1/me")).build());
        assertThat(suspended.code()).isEqualTo("member_suspended");
        assertThat(gateway.send(gateway.as("sysadmin", "/api/v1/members/431128.migrant-office/reinstate")
                .POST(HttpRequest.BodyPublishers.noBody()).build()).status()).isEqualTo(200);
        assertThat(TestGateway.send(client, HttpRequest.newBuilder(gateway.https("/api/v1/me")).build()).status())
                .isEqualTo(200);
    }

    /**
     * Another gateway instance on the same database suspends the member, then revokes its certificate: this instance
     * hears of neither, and still refuses the member within popgate.members.access-cache-ttl (1 s by default).
     */
    @Test
    void aChangeMadeOnAnotherInstanceIsEnforcedHereWithinTheCacheBound() {
        TestGateway.MemberCredentials water = gateway.enrolMember("431128.water", "DEPARTMENT");
        HttpClient client = gateway.memberClient(water);
        HttpRequest me = HttpRequest.newBuilder(gateway.https("/api/v1/me")).build();
        assertThat(TestGateway.send(client, me).status()).as("checked once, so now in this instance's cache")
                .isEqualTo(200);
        Duration bound = gateway.bean(MembersProperties.class).accessCacheTtl();
        assertThat(bound).isPositive();

        MemberService otherInstance = otherInstance();
        TransactionTemplate transaction = new TransactionTemplate(gateway.bean(PlatformTransactionManager.class));
        Actor admin = Actor.person("sysadmin", "SYSADMIN", null);

        long suspendedAt = System.nanoTime();
        transaction.executeWithoutResult(s -> otherInstance.suspend("431128.water", admin));
        Awaitility.await().atMost(bound.plusMillis(500)).pollInterval(Duration.ofMillis(20))
                .until(() -> "member_suspended".equals(TestGateway.send(client, me).code()));
        assertThat(Duration.ofNanos(System.nanoTime() - suspendedAt)).isLessThan(bound.plusMillis(500));

        transaction.executeWithoutResult(s -> otherInstance.reinstate("431128.water", admin));
        Awaitility.await().atMost(bound.plusMillis(500)).pollInterval(Duration.ofMillis(20))
                .until(() -> TestGateway.send(client, me).status() == 200);

        transaction.executeWithoutResult(s ->
                otherInstance.revokeCertificate("431128.water", water.serial(), "lost key drill", admin));
        Awaitility.await().atMost(bound.plusMillis(500)).pollInterval(Duration.ofMillis(20))
                .until(() -> "member_revoked".equals(TestGateway.send(client, me).code()));
    }

    /** A second gateway instance's member service: same database and CAs, its own member-check cache. */
    private static MemberService otherInstance() {
        MembersProperties properties = gateway.bean(MembersProperties.class);
        return new MemberService(new MemberRegistry(gateway.bean(JdbcClient.class), properties),
                gateway.bean(MemberCas.class), gateway.bean(AuditLog.class), properties);
    }

    @Test
    void aRotatedCertificateWorksUntilTheOverlapEndsAndTheNewOneWorksAtOnce() {
        TestGateway.MemberCredentials first = gateway.enrolMember("431128.statistics", "DEPARTMENT");
        TestGateway.MemberCredentials second = gateway.enrolTls("431128.statistics");
        assertThat(TestGateway.send(gateway.memberClient(second),
                HttpRequest.newBuilder(gateway.https("/api/v1/me")).build()).status()).isEqualTo(200);
        assertThat(TestGateway.send(gateway.memberClient(first),
                HttpRequest.newBuilder(gateway.https("/api/v1/me")).build()).status()).isEqualTo(200);
        TestGateway.Response certificates = gateway.send(gateway.as("sysadmin",
                "/api/v1/members/431128.statistics/certificates").GET().build());
        assertThat(certificates.json().get(0).get("retiredAfter").isNull()).isFalse();
        assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all().ofTypes(Set.of(EventType.KEY_ROTATED))))
                .isNotEmpty();
    }

    @Test
    void aCertificateSigningRequestForAnotherMemberIsRefused() {
        gateway.enrolMember("431128.finance", "DEPARTMENT");
        String csr = CsrPem.of(CertificateRequests.create(CryptoSuite.INTL, "431128.police", TestGateway.p256()));
        TestGateway.Response refused = gateway.send(gateway.as("sysadmin", "/api/v1/members/431128.finance/certificates")
                .header("Content-Type", "application/json")
                .POST(TestGateway.json(Map.of("use", "TLS", "csr", csr))).build());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("bad_csr");
    }

    /** Refused at the handshake (the CA check) or by the gateway on the request: either way, not let in. */
    private static void assertRefused(HttpClient client) {
        try {
            TestGateway.Response response = TestGateway.send(client,
                    HttpRequest.newBuilder(gateway.https("/api/v1/me")).build());
            assertThat(response.status()).isIn(401, 403);
        } catch (UncheckedIOException e) {
            assertThat(e.getCause()).isInstanceOf(IOException.class);
        }
    }
}
