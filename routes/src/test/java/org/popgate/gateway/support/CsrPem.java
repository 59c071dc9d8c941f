package org.popgate.gateway.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** PEM in and out for tests: CSRs to send, certificates received (as JDK objects, for JSSE). */
public final class CsrPem {

    private CsrPem() {}

    public static String of(PKCS10CertificationRequest csr) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(csr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static X509Certificate certificate(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            X509CertificateHolder holder = (X509CertificateHolder) parser.readObject();
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509Certificate jdk(X509Certificate certificate) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
