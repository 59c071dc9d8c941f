package org.popgate.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.audit.event.EventType;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.store.AuditQuery;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.members.MemberCas;
import org.popgate.gateway.support.CsrPem;
import org.popgate.gateway.support.TestDirectories;
import org.popgate.gateway.support.TestGateway;

/**
 * The embedded broker's TLS network listener, reached with a plain Artemis JMS client over TCP: each member
 * system sends and consumes only on its own destinations, unknown certificates are refused, and a suspension
 * or revocation refuses the member's next send on its already open connection.
 */
class BrokerNetworkIntegrationTests {

    private static final long RECEIVE_MILLIS = 10_000;

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestDirectories.create(), List.of(), "--popgate.broker.network.enabled=true",
                "--popgate.broker.network.host=localhost", "--popgate.broker.network.port=0");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aMemberSendsToAndReceivesFromItsOwnQueue() throws Exception {
        TestGateway.MemberCredentials police = gateway.enrolMember("431128.police", "DEPARTMENT");
        try (Connection connection = connect(police.key(), police.certificate())) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var queue = session.createQueue("popgate.pull.431128.police");
            session.createProducer(queue).send(session.createTextMessage("hello"));
            MessageConsumer consumer = session.createConsumer(queue);
            connection.start();
            assertThat(((TextMessage) consumer.receive(RECEIVE_MILLIS)).getText()).isEqualTo("hello");
        }
    }

    @Test
    void aMemberCanNeitherWriteNorReadAnotherMembersQueue() throws Exception {
        TestGateway.MemberCredentials health = gateway.enrolMember("431128.health", "DEPARTMENT");
        TestGateway.MemberCredentials finance = gateway.enrolMember("431128.finance", "DEPARTMENT");
        try (Connection own = connect(finance.key(), finance.certificate())) {
            Session session = own.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("popgate.pull.431128.finance"))
                    .send(session.createTextMessage("finance only"));
        }
        try (Connection connection = connect(health.key(), health.certificate())) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var other = session.createQueue("popgate.pull.431128.finance");
            MessageProducer producer = session.createProducer(other);
            assertThatThrownBy(() -> producer.send(session.createTextMessage("intrusion")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createConsumer(other)).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createBrowser(other).getEnumeration())
                    .isInstanceOf(JMSSecurityException.class);
            // Lookalikes of its own name are not its own either.
            assertThatThrownBy(() -> session.createProducer(session.createQueue("popgate.pull.431128.health.x"))
                    .send(session.createTextMessage("x"))).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createProducer(session.createQueue("other.pull.431128.health"))
                    .send(session.createTextMessage("x"))).isInstanceOf(JMSSecurityException.class);
        }
        try (Connection own = connect(finance.key(), finance.certificate())) {
            Session session = own.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("popgate.pull.431128.finance"));
            own.start();
            assertThat(((TextMessage) consumer.receive(RECEIVE_MILLIS)).getText()).isEqualTo("finance only");
            assertThat(consumer.receiveNoWait()).as("nothing from the intruder").isNull();
        }
    }

    @Test
    void everyMemberMaySendToThePullReceiptsQueueButNoneMayReadIt() throws Exception {
        TestGateway.MemberCredentials education = gateway.enrolMember("431128.education", "DEPARTMENT");
        String marker = "not a receipt " + java.util.UUID.randomUUID();
        try (Connection connection = connect(education.key(), education.certificate())) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var receipts = session.createQueue("popgate.pull.receipts");
            session.createProducer(receipts).send(session.createTextMessage(marker));
            assertThatThrownBy(() -> session.createConsumer(receipts)).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createBrowser(receipts).getEnumeration())
                    .isInstanceOf(JMSSecurityException.class);
        }
        // The gateway consumed it: not a signed receipt, so refused and kept with its code.
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway
                .bean(org.popgate.gateway.pulls.PullService.class).refusedReceipts().stream()
                .anyMatch(r -> r.body().equals(marker) && r.code().equals("receipt_invalid")));
    }

    @Test
    void theGatewayItselfStillUsesTheBrokerInVm() throws Exception {
        TestGateway.MemberCredentials statistics = gateway.enrolMember("431128.statistics", "DEPARTMENT");
        ConnectionFactory inVm = gateway.bean(ConnectionFactory.class);
        try (Connection connection = inVm.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("popgate.pull.431128.statistics"))
                    .send(session.createTextMessage("from the gateway"));
            session.createProducer(session.createQueue("popgate.internal.anything"))
                    .send(session.createTextMessage("internal"));
        }
        try (Connection connection = connect(statistics.key(), statistics.certificate())) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("popgate.pull.431128.statistics"));
            connection.start();
            assertThat(((TextMessage) consumer.receive(RECEIVE_MILLIS)).getText()).isEqualTo("from the gateway");
        }
    }

    @Test
    void aCertificateTheGatewayDidNotIssueCannotConnect() {
        KeyPair pair = TestGateway.p256();
        MemberCa stranger = MemberCa.create(CryptoSuite.INTL, "431128.stranger", Clock.systemUTC());
        X509Certificate foreign = CsrPem.jdk(stranger.issue(
                CertificateRequests.create(CryptoSuite.INTL, "431128.education", pair), CertificateUse.TLS,
                Duration.ofDays(30)));
        assertThatThrownBy(() -> connect(pair.getPrivate(), foreign).close()).isInstanceOf(JMSException.class);

        // Signed by the member CA's key but never enrolled (not in the gateway's records): refused too.
        gateway.enrolMember("431128.education", "DEPARTMENT");
        X509Certificate unrecorded = CsrPem.jdk(gateway.bean(MemberCas.class).tls().issue(
                CertificateRequests.create(CryptoSuite.INTL, "431128.education", pair), CertificateUse.TLS,
                Duration.ofDays(30)));
        assertThatThrownBy(() -> {
            try (Connection connection = connect(pair.getPrivate(), unrecorded)) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createProducer(session.createQueue("popgate.pull.431128.education"))
                        .send(session.createTextMessage("x"));
            }
        }).isInstanceOf(JMSException.class);
    }

    @Test
    void aSuspendedMembersNextSendIsRefusedOnItsOpenConnectionAndWorksAgainOnceReinstated() throws Exception {
        TestGateway.MemberCredentials office = gateway.enrolMember("431128.migrant-office", "MIGRANT_OFFICE");
        try (Connection connection = connect(office.key(), office.certificate())) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("popgate.inbox.431128.migrant-office"));
            producer.send(session.createTextMessage("before"));

            assertThat(sysadmin("/api/v1/members/431128.migrant-office/suspend", null)).isEqualTo(200);
            assertThatThrownBy(() -> producer.send(session.createTextMessage("while suspended")))
                    .isInstanceOf(JMSSecurityException.class);
        }
        assertThat(sysadmin("/api/v1/members/431128.migrant-office/reinstate", null)).isEqualTo(200);
        try (Connection connection = connect(office.key(), office.certificate())) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("popgate.inbox.431128.migrant-office"))
                    .send(session.createTextMessage("after"));
        }
    }

    @Test
    void aRevokedMembersNextSendIsRefusedAndItCannotReconnect() throws Exception {
        TestGateway.MemberCredentials civil = gateway.enrolMember("431128.civil-affairs", "DEPARTMENT");
        try (Connection connection = connect(civil.key(), civil.certificate())) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("popgate.pull.431128.civil-affairs"));
            producer.send(session.createTextMessage("before"));

            assertThat(sysadmin("/api/v1/members/431128.civil-affairs/revoke", Map.of("reason", "drill")))
                    .isEqualTo(200);
            assertThatThrownBy(() -> producer.send(session.createTextMessage("after revocation")))
                    .isInstanceOf(JMSSecurityException.class);
        }
        assertThatThrownBy(() -> connect(civil.key(), civil.certificate()).close()).isInstanceOf(JMSException.class);
    }

    @Test
    void anOpenConsumerOfASuspendedMemberIsCutOffBeforeItsNextMessage() throws Exception {
        TestGateway.MemberCredentials housing = gateway.enrolMember("431128.housing", "DEPARTMENT");
        String queue = "popgate.pull.431128.housing";
        try (Connection connection = connect(housing.key(), housing.certificate())) {
            AtomicReference<JMSException> failure = new AtomicReference<>();
            connection.setExceptionListener(failure::set);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            connection.start();
            sendInVm(queue, "first");
            assertThat(((TextMessage) consumer.receive(RECEIVE_MILLIS)).getText()).isEqualTo("first");

            assertThat(sysadmin("/api/v1/members/431128.housing/suspend", null)).isEqualTo(200);
            sendInVm(queue, "second");
            await().atMost(Duration.ofSeconds(15)).until(() -> failure.get() != null);
        }
        assertThat(sysadmin("/api/v1/members/431128.housing/reinstate", null)).isEqualTo(200);
        try (Connection connection = connect(housing.key(), housing.certificate())) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            connection.start();
            assertThat(((TextMessage) consumer.receive(RECEIVE_MILLIS)).getText())
                    .as("the message held back while suspended is still there").isEqualTo("second");
        }
    }

    private static void sendInVm(String queue, String text) throws JMSException {
        try (Connection connection = gateway.bean(ConnectionFactory.class).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue(queue)).send(session.createTextMessage(text));
        }
    }

    @Test
    void refusalsAreAudited() throws Exception {
        TestGateway.MemberCredentials tax = gateway.enrolMember("431128.tax", "DEPARTMENT");
        try (Connection connection = connect(tax.key(), tax.certificate())) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> session.createProducer(session.createQueue("popgate.pull.431128.police"))
                    .send(session.createTextMessage("x"))).isInstanceOf(JMSSecurityException.class);
        }
        assertThat(gateway.bean(AuditLog.class).query(
                AuditQuery.all().byMember("431128.tax").ofTypes(Set.of(EventType.ACCESS_DENIED))))
                .anySatisfy(e -> {
                    assertThat(e.event().reason()).isEqualTo("access_denied");
                    assertThat(e.event().operation()).startsWith("broker ");
                });
    }

    private static int sysadmin(String path, Map<String, String> body) {
        HttpRequest.Builder request = gateway.as("sysadmin", path);
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(TestGateway.json(body));
        }
        return gateway.send(request.build()).status();
    }

    /** A plain Artemis JMS client over TCP+TLS presenting {@code certificate}, trusting the gateway's server key. */
    private static Connection connect(PrivateKey key, X509Certificate certificate) throws Exception {
        Path dir = Files.createTempDirectory(gateway.base(), "client-");
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("member", key, "secret".toCharArray(), new X509Certificate[] {certificate});
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", CsrPem.jdk(gateway.bean(GatewayKeyStore.class).certificate("tls-server")));
        Path identityFile = store(dir.resolve("identity.p12"), identity);
        Path trustFile = store(dir.resolve("trust.p12"), trust);
        String url = "tcp://localhost:" + gateway.bean(BrokerNetworkListener.class).port()
                + "?sslEnabled=true&keyStoreType=PKCS12&keyStorePath=" + identityFile + "&keyStorePassword=secret"
                + "&trustStoreType=PKCS12&trustStorePath=" + trustFile + "&trustStorePassword=secret"
                + "&reconnectAttempts=0&initialConnectAttempts=1&callTimeout=5000";
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        return factory.createConnection();
    }

    private static Path store(Path file, KeyStore store) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "secret".toCharArray());
        }
        return file;
    }
}
