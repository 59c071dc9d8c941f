package org.popgate.gateway.migrant;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.crypto.ca.CertificateTrust;
import org.popgate.crypto.ca.Members;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.audit.AuditKeys;
import org.popgate.gateway.audit.AuditProperties;
import org.popgate.gateway.members.MemberCas;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Federation of gateways (two regions, each with its own CA): a gateway publishes a trust list — its member CA
 * certificate and the signing and encryption certificates of the offices it hosts — signed with that CA's key; a
 * peer's system administrator imports it with the peer CA certificate they obtained out of band (checked by
 * fingerprint). The signature and every office certificate are checked against that CA before anything is stored;
 * from then on packages from the peer's offices verify, and packages to them are encrypted to their certificates.
 */
@Component
class TrustLists {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CA_ALIAS = "ca-intl";

    private final OfficeKeys offices;
    private final MemberCas cas;
    private final GatewayKeyStore keyStore;
    private final JdbcClient jdbc;
    private final AuditLog auditLog;
    private final String gatewayName;
    private final AuditProperties audit;

    TrustLists(OfficeKeys offices, MemberCas cas, GatewayKeyStore keyStore, JdbcClient jdbc, AuditLog auditLog,
            AuditProperties audit) {
        this.offices = offices;
        this.cas = cas;
        this.keyStore = keyStore;
        this.jdbc = jdbc;
        this.auditLog = auditLog;
        this.gatewayName = audit.member();
        this.audit = audit;
    }

    /** A signed trust list: the list as JSON text and the CA's signature over its UTF-8 bytes (base64). */
    record Signed(String trustList, String signature) {}

    /** This gateway's trust list, signed by its member CA. */
    Signed publish(Instant now) {
        ObjectNode list = JSON.createObjectNode();
        list.put("format", "popgate-trust-list/1");
        list.put("gateway", gatewayName);
        list.put("issuedAt", now.toString());
        list.put("ca", b64(cas.tls().certificate()));
        // the gateway's audit key, so peers can verify the checkpoints it publishes to them as witnesses
        list.put("audit", b64(keyStore.certificate(AuditKeys.signingAlias(audit.suite()))));
        ArrayNode entries = list.putArray("offices");
        for (OfficeKeys.Office office : offices.allHosted()) {
            ObjectNode e = entries.addObject();
            e.put("office", office.name());
            e.put("signing", b64(office.signingCertificate()));
            e.put("encryption", b64(office.encryptionCertificate()));
        }
        String text = JSON.writeValueAsString(list);
        PrivateKey caKey = keyStore.privateKey(CA_ALIAS);
        byte[] signature = CryptoSuite.INTL.sign(caKey, text.getBytes(StandardCharsets.UTF_8));
        return new Signed(text, Base64.getEncoder().encodeToString(signature));
    }

    /** Imports a peer's signed list after checking it against {@code peerCa}; returns the offices it added. */
    @Transactional
    List<String> importList(Signed signed, X509Certificate peerCa, Actor actor, Instant now) {
        JsonNode list;
        try {
            if (!CryptoSuite.INTL.verify(peerCa.getPublicKey(), signed.trustList().getBytes(StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(signed.signature()))) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "The trust list's signature does not verify with the peer CA.");
            }
            list = JSON.readTree(signed.trustList());
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "The trust list cannot be read.");
        }
        if (!b64(peerCa).equals(list.path("ca").asString())) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "The trust list names another CA than the one given.");
        }
        String peer = list.path("gateway").asString();
        CertificateTrust trust = CertificateTrust.anchoredAt(peerCa);
        List<String> added = new java.util.ArrayList<>();
        store(peer, "CA", peer, peerCa, now);
        if (list.hasNonNull("audit")) {
            // vouched for by the CA's signature over the list; verifies the peer's audit checkpoints (witnessing)
            store(peer, "AUDIT", peer, OfficeKeys.certificate(Base64.getDecoder().decode(list.path("audit").asString())), now);
        }
        for (JsonNode e : list.path("offices")) {
            String office = e.path("office").asString();
            for (String use : List.of("signing", "encryption")) {
                X509Certificate certificate = OfficeKeys.certificate(Base64.getDecoder().decode(e.path(use).asString()));
                try {
                    trust.check(certificate, now);
                } catch (CryptoException ex) {
                    throw new ApiException(ErrorCode.VALIDATION_FAILED, "An office certificate of the list is not valid: "
                            + ex.code().code() + ".");
                }
                if (!office.equals(Members.memberOf(certificate))) {
                    throw new ApiException(ErrorCode.VALIDATION_FAILED, "An office certificate names another office.");
                }
                store(office, use.toUpperCase(java.util.Locale.ROOT), peer, certificate, now);
            }
            added.add(office);
        }
        offices.refreshTrust();
        auditLog.append(AuditEvent.builder(EventType.CERTIFICATE_ISSUED)
                .actor(actor)
                .operation("migrant.trust-list.import")
                .attribute("peer", peer)
                .attribute("offices", Integer.toString(added.size()))
                .outcome(Outcome.SUCCEEDED)
                .build());
        return added;
    }

    private void store(String office, String use, String peer, X509Certificate certificate, Instant now) {
        try {
            OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            if (jdbc.sql("UPDATE migrant_peer_certificate SET peer = ?, der = ?, imported_at = ? WHERE office = ? AND cert_use = ?")
                    .params(peer, certificate.getEncoded(), at, office, use).update() == 0) {
                jdbc.sql("INSERT INTO migrant_peer_certificate (office, cert_use, peer, der, imported_at) VALUES (?, ?, ?, ?, ?)")
                        .params(office, use, peer, certificate.getEncoded(), at).update();
            }
        } catch (CertificateEncodingException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A certificate of the list cannot be encoded.");
        }
    }

    private static String b64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
