package org.popgate.gateway.members;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.error.CryptoException;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The member lifecycle: register, enrol from certificate signing requests (the gateway never holds a
 * member's private key), rotate, suspend, reinstate, revoke. Each change is audited inside its database
 * transaction: when the audit log refuses, the change is rolled back.
 */
@Service
public class MemberService {

    /** {@code <6-digit region code>.<department>}, e.g. {@code 431128.health}. */
    static final Pattern NAME = Pattern.compile("[0-9]{6}\\.[a-z][a-z0-9-]{1,40}");

    private final MemberRegistry registry;
    private final MemberCas cas;
    private final AuditLog auditLog;
    private final MembersProperties properties;
    private final Clock clock;

    MemberService(MemberRegistry registry, MemberCas cas, AuditLog auditLog, MembersProperties properties) {
        this.registry = registry;
        this.cas = cas;
        this.auditLog = auditLog;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** Registers a member; refuses a bad name, an unknown suite or a name already taken. */
    @Transactional
    public Member register(String name, MemberKind kind, String suite, Actor actor) {
        if (name == null || !NAME.matcher(name).matches() || kind == null
                || !("INTL".equals(suite) || "GM".equals(suite))) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "A member needs a name <6-digit region code>.<department>, a kind and a suite (INTL or GM).");
        }
        if (registry.find(name).isPresent()) {
            throw new ApiException(ErrorCode.CONFLICT, "A member with this name is already registered.");
        }
        Instant now = clock.instant();
        Member member = new Member(name, kind, suite, MemberStatus.ACTIVE, now, now);
        registry.insert(member);
        audit(EventType.MEMBER_REGISTERED, actor, "member.register", name, null);
        return member;
    }

    List<Member> all() {
        return registry.all();
    }

    Member get(String name) {
        return registry.find(name).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
    }

    List<IssuedCertificate> certificates(String name) {
        get(name);
        return registry.certificates(name);
    }

    /**
     * Issues a certificate for {@code use} from {@code csrPem}. A current certificate for the same use is
     * rotated out: it stays valid for the overlap window, then is refused.
     */
    @Transactional
    public IssuedCertificate enrol(String name, CertificateUse use, String csrPem, Actor actor) {
        Member member = get(name);
        if (member.status() != MemberStatus.ACTIVE) {
            throw new ApiException(ErrorCode.INVALID_STATE, "Only an active member can be enrolled.");
        }
        PKCS10CertificationRequest csr = parse(csrPem);
        if (!name.equals(commonName(csr))) {
            throw new ApiException(ErrorCode.BAD_CSR, "The request's subject CN must be the member's name.");
        }
        MemberCa ca = use == CertificateUse.TLS ? cas.tls() : cas.forSuite(member.suite());
        X509Certificate certificate;
        try {
            certificate = ca.issue(csr, use, properties.certificateValidity());
        } catch (CryptoException e) {
            throw new ApiException(ErrorCode.BAD_CSR, "The certificate signing request is not acceptable: "
                    + e.code().name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        Instant now = clock.instant();
        List<IssuedCertificate> replaced = registry.certificates(name).stream()
                .filter(c -> c.use() == use && c.current(now)).toList();
        for (IssuedCertificate old : replaced) {
            registry.retire(old.serial(), now.plus(properties.rotationOverlap()));
        }
        IssuedCertificate issued;
        try {
            issued = new IssuedCertificate(certificate.getSerialNumber().toString(16), name, use, ca.suite().name(),
                    certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), now, null, null,
                    certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new ApiException(ErrorCode.INTERNAL_ERROR);
        }
        registry.insertCertificate(issued);
        audit(replaced.isEmpty() ? EventType.CERTIFICATE_ISSUED : EventType.KEY_ROTATED, actor,
                "certificate." + use.name().toLowerCase(java.util.Locale.ROOT), name, null);
        return issued;
    }

    @Transactional
    public Member suspend(String name, Actor actor) {
        return transition(name, MemberStatus.ACTIVE, MemberStatus.SUSPENDED, "member.suspend", actor);
    }

    @Transactional
    public Member reinstate(String name, Actor actor) {
        return transition(name, MemberStatus.SUSPENDED, MemberStatus.ACTIVE, "member.reinstate", actor);
    }

    /** Revokes the member and every certificate it holds; final. */
    @Transactional
    public Member revoke(String name, String reason, Actor actor) {
        Member member = get(name);
        if (member.status() == MemberStatus.REVOKED) {
            throw new ApiException(ErrorCode.INVALID_STATE, "The member is already revoked.");
        }
        Instant now = clock.instant();
        registry.setStatus(name, MemberStatus.REVOKED, now);
        for (IssuedCertificate c : registry.certificates(name)) {
            revokeCertificate(c, now);
        }
        audit(EventType.CERTIFICATE_REVOKED, actor, "member.revoke", name, reason == null ? "revoked" : reason);
        return get(name);
    }

    /** Revokes one certificate (e.g. a lost key) and leaves the member standing. */
    @Transactional
    public IssuedCertificate revokeCertificate(String name, String serial, String reason, Actor actor) {
        IssuedCertificate certificate = registry.certificate(serial)
                .filter(c -> c.member().equals(name))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
        if (certificate.revokedAt() != null) {
            throw new ApiException(ErrorCode.INVALID_STATE, "The certificate is already revoked.");
        }
        revokeCertificate(certificate, clock.instant());
        audit(EventType.CERTIFICATE_REVOKED, actor, "certificate.revoke", name, reason == null ? "revoked" : reason);
        return registry.certificate(serial).orElseThrow();
    }

    private void revokeCertificate(IssuedCertificate c, Instant now) {
        if (c.revokedAt() == null) {
            registry.revokeCertificate(c.serial(), now);
            cas.forSuite(c.suite()).revoke(new BigInteger(c.serial(), 16));
        }
    }

    private Member transition(String name, MemberStatus from, MemberStatus to, String operation, Actor actor) {
        Member member = get(name);
        if (member.status() != from) {
            throw new ApiException(ErrorCode.INVALID_STATE,
                    "The member is " + member.status().name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        registry.setStatus(name, to, clock.instant());
        audit(EventType.MEMBER_STATUS_CHANGED, actor, operation, name, null);
        return get(name);
    }

    private void audit(EventType type, Actor actor, String operation, String member, String reason) {
        AuditEvent.Builder event = AuditEvent.builder(type)
                .actor(actor)
                .operation(operation)
                .attribute("member", member)
                .outcome(Outcome.SUCCEEDED);
        if (reason != null) {
            event.reason(reason);
        }
        auditLog.append(event.build());
    }

    private static PKCS10CertificationRequest parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new ApiException(ErrorCode.BAD_CSR, "A PEM certificate signing request is required.");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            if (parser.readObject() instanceof PKCS10CertificationRequest csr) {
                return csr;
            }
        } catch (IOException | RuntimeException e) {
            // fall through: the same answer for every unreadable input
        }
        throw new ApiException(ErrorCode.BAD_CSR, "The text is not a PEM certificate signing request.");
    }

    private static String commonName(PKCS10CertificationRequest csr) {
        RDN[] rdns = csr.getSubject().getRDNs(BCStyle.CN);
        return rdns.length == 1 ? IETFUtils.valueToString(rdns[0].getFirst().getValue()) : null;
    }
}
