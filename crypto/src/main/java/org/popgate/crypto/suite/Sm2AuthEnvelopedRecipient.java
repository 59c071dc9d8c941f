package org.popgate.crypto.suite;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.popgate.crypto.BouncyCastle;

/** Unwraps an SM2 (C1C3C2) transported SM4 key; SM4-GCM decryption itself stays with BC's CMS code. */
final class Sm2AuthEnvelopedRecipient extends JceKeyTransAuthEnvelopedRecipient {

    private final PrivateKey privateKey;

    Sm2AuthEnvelopedRecipient(PrivateKey privateKey) {
        super(privateKey);
        this.privateKey = privateKey;
        setProvider(BouncyCastle.provider());
    }

    @Override
    protected Key extractSecretKey(AlgorithmIdentifier keyEncryptionAlgorithm, AlgorithmIdentifier contentEncryptionAlgorithm,
            byte[] encryptedKey) throws CMSException {
        try {
            SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
            engine.init(false, ECUtil.generatePrivateKeyParameter(privateKey));
            byte[] key = engine.processBlock(encryptedKey, 0, encryptedKey.length);
            return new SecretKeySpec(key, "SM4");
        } catch (InvalidKeyException | InvalidCipherTextException e) {
            throw new CMSException("SM2 key unwrap failed", e);
        }
    }
}
