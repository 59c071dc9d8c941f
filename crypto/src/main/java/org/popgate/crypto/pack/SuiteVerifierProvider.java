package org.popgate.crypto.pack;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.popgate.crypto.suite.CryptoSuite;

/**
 * Verifies a SignerInfo's signature with the suite (so GM uses the agreed SM2 user ID). The signed
 * attributes are small, so buffering them for one {@link CryptoSuite#verify} call costs nothing.
 */
final class SuiteVerifierProvider implements ContentVerifierProvider {

    private final CryptoSuite suite;
    private final X509Certificate certificate;

    SuiteVerifierProvider(CryptoSuite suite, X509Certificate certificate) {
        this.suite = suite;
        this.certificate = certificate;
    }

    @Override
    public boolean hasAssociatedCertificate() {
        return true;
    }

    @Override
    public X509CertificateHolder getAssociatedCertificate() {
        try {
            return new JcaX509CertificateHolder(certificate);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ContentVerifier get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
        ByteArrayOutputStream signed = new ByteArrayOutputStream(512);
        return new ContentVerifier() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public OutputStream getOutputStream() {
                return signed;
            }

            @Override
            public boolean verify(byte[] signature) {
                return suite.verify(certificate.getPublicKey(), signed.toByteArray(), signature);
            }
        };
    }
}
