package org.popgate.gateway.members;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.gateway.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Members and their certificates (the system administrator's API; a member reads its own entry). */
@RestController
@RequestMapping("/api/v1")
class MembersController {

    private final MemberService members;
    private final MemberCas cas;

    MembersController(MemberService members, MemberCas cas) {
        this.members = members;
        this.cas = cas;
    }

    @GetMapping("/members")
    List<MemberView> list() {
        return members.all().stream().map(MemberView::of).toList();
    }

    @PostMapping("/members")
    @ResponseStatus(HttpStatus.CREATED)
    MemberView register(@Valid @RequestBody Registration registration) {
        return MemberView.of(members.register(registration.name(), registration.kind(), registration.suite(),
                Callers.currentPerson().actor()));
    }

    @GetMapping("/members/{member}")
    MemberView get(@PathVariable String member) {
        return MemberView.of(members.get(member));
    }

    @GetMapping("/members/{member}/certificates")
    List<CertificateView> certificates(@PathVariable String member) {
        return members.certificates(member).stream().map(CertificateView::of).toList();
    }

    @PostMapping("/members/{member}/certificates")
    @ResponseStatus(HttpStatus.CREATED)
    CertificateView enrol(@PathVariable String member, @Valid @RequestBody Enrolment enrolment) {
        return CertificateView.of(members.enrol(member, enrolment.use(), enrolment.csr(),
                Callers.currentPerson().actor()));
    }

    @PostMapping("/members/{member}/certificates/{serial}/revoke")
    CertificateView revokeCertificate(@PathVariable String member, @PathVariable String serial,
            @Valid @RequestBody(required = false) Revocation revocation) {
        return CertificateView.of(members.revokeCertificate(member, serial, Revocation.reasonOf(revocation),
                Callers.currentPerson().actor()));
    }

    @PostMapping("/members/{member}/suspend")
    MemberView suspend(@PathVariable String member) {
        return MemberView.of(members.suspend(member, Callers.currentPerson().actor()));
    }

    @PostMapping("/members/{member}/reinstate")
    MemberView reinstate(@PathVariable String member) {
        return MemberView.of(members.reinstate(member, Callers.currentPerson().actor()));
    }

    @PostMapping("/members/{member}/revoke")
    MemberView revoke(@PathVariable String member, @Valid @RequestBody(required = false) Revocation revocation) {
        return MemberView.of(members.revoke(member, Revocation.reasonOf(revocation), Callers.currentPerson().actor()));
    }

    /** The CA certificates and their current revocation lists: public material every caller may fetch. */
    @GetMapping("/ca")
    List<CaView> ca() {
        return cas.all().stream().map(CaView::of).toList();
    }

    record Registration(@NotBlank @Size(max = 64) String name, @NotNull MemberKind kind,
            @NotBlank @Size(max = 8) String suite) {}

    record Enrolment(@NotNull CertificateUse use, @NotBlank @Size(max = 16_384) String csr) {}

    record Revocation(@Size(max = 200) String reason) {
        static String reasonOf(Revocation revocation) {
            return revocation == null || revocation.reason() == null || revocation.reason().isBlank()
                    ? null : revocation.reason().replaceAll("\\p{Cntrl}", " ");
        }
    }

    record MemberView(String name, MemberKind kind, String suite, MemberStatus status, Instant registeredAt,
            Instant statusChangedAt) {
        static MemberView of(Member m) {
            return new MemberView(m.name(), m.kind(), m.suite(), m.status(), m.registeredAt(), m.statusChangedAt());
        }
    }

    record CertificateView(String serial, String member, CertificateUse use, String suite, Instant notBefore,
            Instant notAfter, Instant issuedAt, Instant retiredAfter, Instant revokedAt, String certificate) {
        static CertificateView of(IssuedCertificate c) {
            return new CertificateView(c.serial(), c.member(), c.use(), c.suite(), c.notBefore(), c.notAfter(),
                    c.issuedAt(), c.retiredAfter(), c.revokedAt(), pem("CERTIFICATE", c.der()));
        }
    }

    record CaView(String suite, String certificate, String crl) {
        static CaView of(MemberCa ca) {
            try {
                X509CRL crl = ca.crl();
                return new CaView(ca.suite().name(), pem("CERTIFICATE", ca.certificate().getEncoded()),
                        pem("X509 CRL", crl.getEncoded()));
            } catch (CRLException | java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode the CA's certificate or revocation list", e);
            }
        }
    }

    static String pem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
