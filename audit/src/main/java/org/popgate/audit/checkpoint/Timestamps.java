package org.popgate.audit.checkpoint;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Selector;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditSuite;

/**
 * RFC 3161 timestamps over a signed checkpoint note (message imprint: SHA-256 of the note's UTF-8
 * bytes). The token carries the TSA certificate; verification checks imprint, signature, that the
 * certificate has the critical id-kp-timeStamping extended key usage and was valid at the token's
 * time (BC's validate does), and that it is a TSA the verifier trusts ({@link TimestampTrust}).
 */
public final class Timestamps {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Timestamps() {}

    /** Asks the TSA for a token over the note; returns the DER token. */
    public static byte[] stamp(TimestampAuthority tsa, String note) {
        try {
            TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
            gen.setCertReq(true);
            TimeStampRequest req = gen.generate(NISTObjectIdentifiers.id_sha256, sha256(note),
                    new BigInteger(64, RANDOM));
            TimeStampResponse resp = new TimeStampResponse(tsa.respond(req.getEncoded()));
            resp.validate(req);
            if (resp.getTimeStampToken() == null) {
                throw new AuditException(AuditErrorCode.TIMESTAMP_INVALID, "TSA granted no token");
            }
            return resp.getTimeStampToken().getEncoded();
        } catch (IOException | TSPException e) {
            throw new AuditException(AuditErrorCode.TIMESTAMP_INVALID, "TSA response invalid", e);
        }
    }

    /** Verifies a token over the note from a TSA that {@code trust} pins; returns the TSA's time. */
    public static Instant verify(byte[] token, String note, TimestampTrust trust) {
        try {
            TimeStampToken tst = new TimeStampToken(new org.bouncycastle.cms.CMSSignedData(token));
            if (!MessageDigest.isEqual(tst.getTimeStampInfo().getMessageImprintDigest(), sha256(note))
                    || !tst.getTimeStampInfo().getMessageImprintAlgOID().equals(NISTObjectIdentifiers.id_sha256)) {
                throw new AuditException(AuditErrorCode.TIMESTAMP_INVALID, "timestamp is over other data");
            }
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> certs = tst.getCertificates()
                    .getMatches((Selector<X509CertificateHolder>) (Selector<?>) tst.getSID());
            if (certs.isEmpty()) {
                throw new AuditException(AuditErrorCode.TIMESTAMP_INVALID, "timestamp carries no TSA certificate");
            }
            X509Certificate cert = new JcaX509CertificateConverter().setProvider(AuditSuite.bc())
                    .getCertificate(certs.iterator().next());
            trust.check(cert);
            SignerInformationVerifier v = new JcaSimpleSignerInfoVerifierBuilder().setProvider(AuditSuite.bc()).build(cert);
            tst.validate(v);
            return tst.getTimeStampInfo().getGenTime().toInstant();
        } catch (TSPValidationException e) {
            throw new AuditException(AuditErrorCode.TIMESTAMP_INVALID, "timestamp does not verify", e);
        } catch (IOException | TSPException | CMSException | CertificateException | OperatorCreationException
                | IllegalArgumentException | ClassCastException e) {
            throw new AuditException(AuditErrorCode.TIMESTAMP_INVALID, "timestamp malformed", e);
        }
    }

    private static byte[] sha256(String note) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(note.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
