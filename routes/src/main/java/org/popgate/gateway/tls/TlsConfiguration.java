package org.popgate.gateway.tls;

import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.audit.AuditProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A second Tomcat listener with TLS for member systems: client certificates are asked for ("want") and, when
 * presented, must chain to the member TLS CA at the handshake. Whether the member may call is decided again on
 * every request (member status, revocation), see the security package.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "popgate.tls.enabled", havingValue = "true")
class TlsConfiguration {

    @Bean
    TlsListener tlsListener(TlsProperties properties, GatewayKeyStore keys, AuditProperties audit) {
        char[] password = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(18)).toCharArray();
        KeyStore server = GatewayTlsKeys.serverKeyStore(keys, audit.member(), properties.hostnames(), password);
        // The same CA key the member service issues TLS certificates with (INTL, alias ca-intl).
        MemberCa memberTlsCa = MemberCa.openOrCreate(keys, CryptoSuite.INTL, audit.member(), Clock.systemUTC());
        KeyStore trust = GatewayTlsKeys.trustStore(memberTlsCa.certificate());

        Connector connector = new Connector(Http11NioProtocol.class.getName());
        connector.setScheme("https");
        connector.setSecure(true);
        connector.setPort(properties.port());
        Http11NioProtocol protocol = (Http11NioProtocol) connector.getProtocolHandler();
        protocol.setSSLEnabled(true);
        protocol.setMaxKeepAliveRequests(properties.maxKeepAliveRequests());
        SSLHostConfig host = new SSLHostConfig();
        host.setProtocols("TLSv1.3+TLSv1.2");
        host.setCertificateVerification("optional");
        host.setTrustStore(trust);
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.EC);
        certificate.setCertificateKeystore(server);
        certificate.setCertificateKeystorePassword(new String(password));
        certificate.setCertificateKeyAlias(GatewayTlsKeys.ALIAS);
        host.addCertificate(certificate);
        protocol.addSslHostConfig(host);
        return new TlsListener(connector);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tlsConnector(TlsListener listener) {
        return factory -> factory.addAdditionalConnectors(listener.connector());
    }
}
