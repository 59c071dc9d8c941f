package org.popgate.crypto.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Clock;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.operator.GenericKey;
import org.junit.jupiter.api.Test;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.testing.TestMember;

/**
 * The hand-built INTL KeyAgreeRecipientInfo against Bouncy Castle's {@code JceKeyAgreeRecipientInfoGenerator}:
 * for the same ephemeral key and content key the DER must be identical, so whatever reads BC's (the gateway's
 * reader, OpenSSL, a department's tool) reads ours.
 */
class EcdhRecipientInfoTests {

    private static final MemberCa CA = MemberCa.create(CryptoSuite.INTL, "431100.gateway", Clock.systemUTC());

    @Test
    void producesTheSameDerAsBouncyCastlesGeneratorForTheSameEphemeralKey() throws Exception {
        TestMember recipient = TestMember.enrol(CA, "431128.police");
        for (int i = 0; i < 5; i++) {
            KeyPair ephemeral = CryptoSuite.INTL.generateKeyPair();
            BigInteger d = ((java.security.interfaces.ECPrivateKey) ephemeral.getPrivate()).getS();
            GenericKey contentKey = CryptoSuite.INTL.contentCipher().key();

            JceKeyAgreeRecipientInfoGenerator bc = new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF,
                    ephemeral.getPrivate(), ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP);
            bc.addRecipient(recipient.encryptionCertificate());
            bc.setProvider(BouncyCastle.provider());
            byte[] expected = bc.generate(contentKey).getEncoded(ASN1Encoding.DER);

            byte[] ours = EcdhRecipientInfo.to(recipient.encryptionCertificate(), d).generate(contentKey)
                    .getEncoded(ASN1Encoding.DER);

            assertThat(ours).isEqualTo(expected);
        }
    }

    @Test
    void usesAFreshEphemeralKeyForEveryPackage() throws Exception {
        TestMember recipient = TestMember.enrol(CA, "431128.health");
        EcdhRecipientInfo generator = EcdhRecipientInfo.to(recipient.encryptionCertificate(), SuiteOps.RANDOM);
        GenericKey contentKey = CryptoSuite.INTL.contentCipher().key();

        KeyAgreeRecipientInfo first = KeyAgreeRecipientInfo.getInstance(
                generator.generate(contentKey).getInfo());
        KeyAgreeRecipientInfo second = KeyAgreeRecipientInfo.getInstance(
                generator.generate(contentKey).getInfo());

        assertThat(first.getOriginator().getOriginatorKey().getPublicKey().getOctets())
                .isNotEqualTo(second.getOriginator().getOriginatorKey().getPublicKey().getOctets());
        assertThat(first.getUserKeyingMaterial()).isNull();
    }

    @Test
    void refusesACertificateWithoutAP256Key() {
        TestMember gm = TestMember.enrol(MemberCa.create(CryptoSuite.gm(), "431100.gateway", Clock.systemUTC()), "431128.civil");

        assertThatThrownBy(() -> EcdhRecipientInfo.to(gm.encryptionCertificate(), SuiteOps.RANDOM))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("no P-256 key");
    }
}
