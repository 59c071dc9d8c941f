package org.popgate.gateway.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.popgate.audit.log.AuditLog;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.audit.AuditProperties;
import org.popgate.gateway.config.PopgateProperties;
import org.popgate.gateway.security.MemberCertificates;
import org.popgate.gateway.tls.GatewayTlsKeys;
import org.popgate.gateway.tls.TlsProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.artemis.autoconfigure.ArtemisConfigurationCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded broker's network listener: a Netty acceptor with TLS (the gateway's TLS server key, client
 * certificates required and chained to the member TLS CA), security on, and {@link MemberBrokerSecurity} as
 * the broker's security manager. Artemis's authentication and authorisation caches are turned off (size 0):
 * every send and every consumer creation re-checks the certificate and the member's status in the database,
 * and {@link MemberDeliveryCheck} does the same before every message delivered to a member, so a revocation
 * or suspension is effective on the next operation, at the price of one small read each.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "popgate.broker.network.enabled", havingValue = "true")
class BrokerConfiguration {

    static final String ACCEPTOR = "members-tls";

    @Bean
    ArtemisConfigurationCustomizer brokerTlsAcceptor(BrokerNetworkProperties network, PopgateProperties popgate,
            TlsProperties tls, GatewayKeyStore keys, AuditProperties audit) {
        char[] password = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(18)).toCharArray();
        KeyStore server = GatewayTlsKeys.serverKeyStore(keys, audit.member(), tls.hostnames(), password);
        MemberCa memberTlsCa = MemberCa.openOrCreate(keys, CryptoSuite.INTL, audit.member(), Clock.systemUTC());
        KeyStore trust = GatewayTlsKeys.trustStore(memberTlsCa.certificate());
        // Netty reads its stores from files: written owner-only into the keys directory at every start, under a
        // fresh random password that lives only in this process.
        Path keyStoreFile = write(popgate.keys().dir().resolve("broker-tls.p12"), server, password);
        Path trustStoreFile = write(popgate.keys().dir().resolve("broker-trust.p12"), trust, password);
        Map<String, Object> params = new HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, network.host());
        params.put(TransportConstants.PORT_PROP_NAME, network.port());
        params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
        params.put(TransportConstants.NEED_CLIENT_AUTH_PROP_NAME, true);
        params.put(TransportConstants.ENABLED_PROTOCOLS_PROP_NAME, "TLSv1.3,TLSv1.2");
        params.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, "PKCS12");
        params.put(TransportConstants.KEYSTORE_PATH_PROP_NAME, keyStoreFile.toString());
        params.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, new String(password));
        params.put(TransportConstants.TRUSTSTORE_TYPE_PROP_NAME, "PKCS12");
        params.put(TransportConstants.TRUSTSTORE_PATH_PROP_NAME, trustStoreFile.toString());
        params.put(TransportConstants.TRUSTSTORE_PASSWORD_PROP_NAME, new String(password));
        return configuration -> {
            configuration.addAcceptorConfiguration(
                    new TransportConfiguration(NettyAcceptorFactory.class.getName(), params, ACCEPTOR));
            configuration.setSecurityEnabled(true);
            configuration.setAuthenticationCacheSize(0);
            configuration.setAuthorizationCacheSize(0);
            configuration.setSecurityInvalidationInterval(0);
        };
    }

    /**
     * Installs the member security manager and the per-delivery check before the embedded broker starts (its
     * start is the bean's init method). The gateway's beans are looked up lazily, on the first member connection.
     */
    @Bean
    static BeanPostProcessor brokerSecurityManager(ObjectProvider<MemberCertificates> members,
            ObjectProvider<AuditLog> auditLog) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof EmbeddedActiveMQ broker) {
                    MemberBrokerSecurity security = new MemberBrokerSecurity(members, auditLog);
                    broker.setSecurityManager(security);
                    broker.getConfiguration().registerBrokerPlugin(new MemberDeliveryCheck(security));
                }
                return bean;
            }
        };
    }

    private static Path write(Path file, KeyStore store, char[] password) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
                store.store(out, password);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the broker's TLS stores", e);
        }
    }
}
