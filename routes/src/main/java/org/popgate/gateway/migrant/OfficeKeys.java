package org.popgate.gateway.migrant;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.popgate.audit.event.Actor;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.ca.CertificateTrust;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.audit.AuditProperties;
import org.popgate.gateway.members.Member;
import org.popgate.gateway.members.MemberCas;
import org.popgate.gateway.members.MemberKind;
import org.popgate.gateway.members.MemberRegistry;
import org.popgate.gateway.members.MemberService;
import org.popgate.gateway.members.MemberStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The keys of the migrant offices this gateway hosts, and the certificates of the offices it sends to.
 *
 * <p>Office staff work in a browser and cannot run CMS themselves, so the gateway that hosts an office is the
 * custodian of the office's signing and encryption keys: generated here on first use, certified by the gateway's
 * member CA through the ordinary enrolment (a CSR, so they appear among the member's certificates), kept in the
 * key store. A package for an office is encrypted to that office's certificate alone: another office — also one
 * hosted on the same gateway — cannot open it, and on the wire and in the brokers it is CMS only.
 * Offices of other gateways are known from their signed trust lists ({@link TrustLists}).
 */
@Component
class OfficeKeys {

    private final GatewayKeyStore keyStore;
    private final MemberRegistry members;
    private final MemberService memberService;
    private final MemberCas cas;
    private final JdbcClient jdbc;
    private final Actor gateway;
    private final Map<String, Office> hosted = new ConcurrentHashMap<>();
    private volatile CachedTrust cachedTrust;
    private final List<java.util.function.Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    OfficeKeys(GatewayKeyStore keyStore, MemberRegistry members, MemberService memberService, MemberCas cas,
            JdbcClient jdbc, AuditProperties audit) {
        this.keyStore = keyStore;
        this.members = members;
        this.memberService = memberService;
        this.cas = cas;
        this.jdbc = jdbc;
        // Certificate issuing is an administrative event that names a person and role: the exchange itself, as system.
        this.gateway = new Actor("migrant-exchange", "system", audit.member(), null, null);
    }

    /** An office hosted here: its name and the keys the gateway keeps for it. */
    record Office(String name, PrivateKey signingKey, X509Certificate signingCertificate, PrivateKey encryptionKey,
            X509Certificate encryptionCertificate) {}

    /** Whether {@code name} is an active migrant office registered on this gateway. */
    boolean isHosted(String name) {
        Optional<Member> member = name == null ? Optional.empty() : members.find(name);
        return member.isPresent() && member.get().kind() == MemberKind.MIGRANT_OFFICE
                && member.get().status() == MemberStatus.ACTIVE;
    }

    /** The hosted office's keys, created and certified on first use; empty when the office is not hosted here. */
    Optional<Office> hosted(String name) {
        // Checked on every use: a suspended or revoked office neither sends nor receives.
        if (!isHosted(name)) {
            return Optional.empty();
        }
        Office office = hosted.get(name);
        return Optional.of(office != null ? office : load(name));
    }

    private synchronized Office load(String name) {
        Office office = hosted.get(name);
        if (office != null) {
            return office;
        }
        String signing = alias(name, CertificateUse.SIGNING);
        String encryption = alias(name, CertificateUse.ENCRYPTION);
        if (keyStore.privateKey(signing) == null) {
            enrol(name, CertificateUse.SIGNING, signing);
        }
        if (keyStore.privateKey(encryption) == null) {
            enrol(name, CertificateUse.ENCRYPTION, encryption);
        }
        office = new Office(name, keyStore.privateKey(signing), keyStore.certificate(signing),
                keyStore.privateKey(encryption), keyStore.certificate(encryption));
        hosted.put(name, office);
        listeners.forEach(l -> l.accept(name));
        return office;
    }

    /** Calls {@code listener} with each office the first time its keys are loaded. */
    void onHosted(java.util.function.Consumer<String> listener) {
        listeners.add(listener);
    }

    /** The names of the active migrant offices registered on this gateway. */
    List<String> hostedNames() {
        return jdbc.sql("SELECT name FROM member WHERE kind = 'MIGRANT_OFFICE' AND status = 'ACTIVE' ORDER BY name")
                .query(String.class).list();
    }

    private void enrol(String office, CertificateUse use, String alias) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.provider());
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(CertificateRequests.create(CryptoSuite.INTL, office, pair));
            }
            memberService.enrol(office, use, pem.toString(), gateway);
            byte[] der = jdbc.sql("SELECT der FROM member_certificate WHERE member = ? AND cert_use = ? AND revoked_at IS NULL"
                    + " ORDER BY issued_at DESC").params(office, use.name()).query((rs, n) -> rs.getBytes(1)).list().get(0);
            keyStore.storeKeyPair(alias, pair.getPrivate(), certificate(der), cas.tls().certificate());
            keyStore.save();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the office's keys", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The certificate packages for {@code office} are encrypted to: the hosted office's, or a peer's from its trust list. */
    Optional<X509Certificate> encryptionCertificate(String office) {
        Optional<Office> local = hosted(office);
        if (local.isPresent()) {
            return Optional.of(local.get().encryptionCertificate());
        }
        return jdbc.sql("SELECT der FROM migrant_peer_certificate WHERE office = ? AND cert_use = 'ENCRYPTION'")
                .param(office).query((rs, n) -> certificate(rs.getBytes(1))).optional();
    }

    /** Signers this gateway trusts: its own member CA (with its revocations) and the CAs of trusted peer gateways. */
    CertificateTrust trust() {
        CachedTrust cached = cachedTrust;
        Instant now = Instant.now();
        if (cached != null && now.isBefore(cached.until())) {
            return cached.trust();
        }
        List<X509Certificate> anchors = new ArrayList<>();
        anchors.add(cas.tls().certificate());
        anchors.addAll(jdbc.sql("SELECT der FROM migrant_peer_certificate WHERE cert_use = 'CA'")
                .query((rs, n) -> certificate(rs.getBytes(1))).list());
        CertificateTrust trust = CertificateTrust.anchoredAt(anchors).withCrl(cas.tls().crl());
        cachedTrust = new CachedTrust(trust, now.plusSeconds(5));
        return trust;
    }

    /** Forgets the cached trust (after a trust list was imported or a certificate revoked). */
    void refreshTrust() {
        cachedTrust = null;
    }

    /** The hosted offices' certificates, for this gateway's trust list. */
    List<Office> allHosted() {
        return hostedNames().stream()
                .map(name -> hosted(name).orElseThrow())
                .toList();
    }

    static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("unreadable certificate", e);
        }
    }

    private static String alias(String office, CertificateUse use) {
        return "migrant-office/" + office + "/" + use.name().toLowerCase(java.util.Locale.ROOT);
    }

    private record CachedTrust(CertificateTrust trust, Instant until) {}
}
