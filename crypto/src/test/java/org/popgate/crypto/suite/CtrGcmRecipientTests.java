package org.popgate.crypto.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming GCM decryption against the JDK's own AES-GCM, at sizes around every block and buffer boundary. */
class CtrGcmRecipientTests {

    private static final Random RANDOM = new Random(20261128);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 65_519, 65_535, 65_536, 65_537, 65_552, 65_553, 131_072, 200_003, 1_000_000})
    void decryptsWhatTheJdkEncryptedAndChecksTheTag(int length) throws Exception {
        byte[] key = bytes(32);
        byte[] nonce = bytes(12);
        byte[] plain = bytes(length);
        byte[] sealed = jdkEncrypt(key, nonce, plain);

        assertThat(readAll(decryptor(key, nonce).getInputStream(new ByteArrayInputStream(sealed)))).isEqualTo(plain);

        byte[] flipped = sealed.clone();
        flipped[RANDOM.nextInt(sealed.length)] ^= 0x01;
        assertThatThrownBy(() -> readAll(decryptor(key, nonce).getInputStream(new ByteArrayInputStream(flipped))))
                .isInstanceOf(IOException.class);
        byte[] cut = Arrays.copyOf(sealed, sealed.length - 1);
        assertThatThrownBy(() -> readAll(decryptor(key, nonce).getInputStream(new ByteArrayInputStream(cut))))
                .isInstanceOf(IOException.class);
    }

    private static CtrGcmRecipient.Decryptor decryptor(byte[] key, byte[] nonce) {
        return new CtrGcmRecipient.Decryptor(new AlgorithmIdentifier(NISTObjectIdentifiers.id_aes256_GCM,
                new GCMParameters(nonce, 16)), new SecretKeySpec(key, "AES"), nonce);
    }

    private static byte[] jdkEncrypt(byte[] key, byte[] nonce, byte[] plain) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        return cipher.doFinal(plain);
    }

    /** Reads in odd-sized steps, so the stream's own buffering is exercised. */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[7_777];
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
