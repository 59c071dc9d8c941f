package org.popgate.crypto.pseudonym;

import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.popgate.crypto.keys.GatewayKeyStore;

/**
 * Where pseudonym master keys come from: by version, from the gateway key store (purpose
 * {@value #PURPOSE}). Domain keys are derived from them per (recipient, field, version) with HKDF.
 */
public interface PseudonymKeys {

    /** Key-store purpose of the pseudonym master keys. */
    String PURPOSE = "pseudonym-master";

    /** The version new pseudonyms are made with. */
    int currentVersion();

    /** The master key of {@code version}; throws {@code crypto_unknown_key_version} when unknown. */
    SecretKey master(int version);

    /** Master keys from {@code store} (versions {@code pseudonym-master.v<n>}). */
    static PseudonymKeys from(GatewayKeyStore store) {
        return new PseudonymKeys() {
            @Override
            public int currentVersion() {
                return store.currentVersion(PURPOSE);
            }

            @Override
            public SecretKey master(int version) {
                return store.secretKey(PURPOSE, version);
            }
        };
    }

    /**
     * HKDF-SHA256 (RFC 5869) of the master key of {@code version}, with the recipient, field and
     * version in the info so no two domains share a key, and a fixed salt naming the scheme.
     */
    default byte[] domainKey(String recipient, String field, int version) {
        byte[] info = (recipient + '\u0000' + field + '\u0000' + version).getBytes(StandardCharsets.UTF_8);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(master(version).getEncoded(),
                "popgate/pseudonym/v1".getBytes(StandardCharsets.UTF_8), info));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }
}
