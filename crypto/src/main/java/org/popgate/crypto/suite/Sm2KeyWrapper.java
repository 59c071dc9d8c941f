package org.popgate.crypto.suite;

import java.security.Key;
import java.security.PublicKey;
import java.security.InvalidKeyException;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.operator.AsymmetricKeyWrapper;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.OperatorException;

/**
 * SM2 key transport of the content key in the GB/T 32918.4 order C1C3C2 (BC's JCA default is the
 * older C1C2C3, which other GM implementations reject).
 */
final class Sm2KeyWrapper extends AsymmetricKeyWrapper {

    private final PublicKey publicKey;

    Sm2KeyWrapper(PublicKey publicKey) {
        super(new AlgorithmIdentifier(GMObjectIdentifiers.sm2encrypt_with_sm3));
        this.publicKey = publicKey;
    }

    @Override
    public byte[] generateWrappedKey(GenericKey contentKey) throws OperatorException {
        byte[] raw = contentKey.getRepresentation() instanceof Key key
                ? key.getEncoded()
                : (byte[]) contentKey.getRepresentation();
        try {
            SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
            engine.init(true, new ParametersWithRandom(ECUtil.generatePublicKeyParameter(publicKey), SuiteOps.RANDOM));
            return engine.processBlock(raw, 0, raw.length);
        } catch (InvalidKeyException | InvalidCipherTextException e) {
            throw new OperatorException("SM2 key transport failed", e);
        }
    }
}
