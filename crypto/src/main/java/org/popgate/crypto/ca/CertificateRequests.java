package org.popgate.crypto.ca;

import java.security.KeyPair;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.suite.CryptoSuite;

/** Builds PKCS#10 requests on the member's side, so private keys never travel to the gateway. */
public final class CertificateRequests {

    private CertificateRequests() {}

    /** A CSR for {@code member}, signed with the key pair it asks a certificate for. */
    public static PKCS10CertificationRequest create(CryptoSuite suite, String member, KeyPair keyPair) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(suite.signatureAlgorithm())
                    .setProvider(BouncyCastle.provider())
                    .build(keyPair.getPrivate());
            return new JcaPKCS10CertificationRequestBuilder(Members.subject(member), keyPair.getPublic()).build(signer);
        } catch (OperatorCreationException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "Cannot sign a certificate request", e);
        }
    }
}
