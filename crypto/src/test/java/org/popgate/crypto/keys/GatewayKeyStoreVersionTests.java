package org.popgate.crypto.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

class GatewayKeyStoreVersionTests {

    @TempDir
    Path dir;

    @Test
    void rotationAddsAVersionAndKeepsTheOldOnesAcrossReopening() {
        GatewayKeyStore store = GatewayKeyStore.openOrCreate(dir.resolve("k.bcfks"), "pw".toCharArray());
        assertThat(store.currentVersion("column")).isEqualTo(1);
        byte[] v1 = store.secretKey("column", 1).getEncoded();
        assertThat(store.rotate("column")).isEqualTo(2);
        GatewayKeyStore reopened = GatewayKeyStore.openOrCreate(dir.resolve("k.bcfks"), "pw".toCharArray());
        assertThat(reopened.currentVersion("column")).isEqualTo(2);
        assertThat(reopened.secretKey("column", 1).getEncoded()).isEqualTo(v1);
        assertThat(reopened.secretKey("column", 2).getEncoded()).isNotEqualTo(v1);
    }

    @Test
    void refusesAnUnknownVersion() {
        GatewayKeyStore store = GatewayKeyStore.openOrCreate(dir.resolve("k.bcfks"), "pw".toCharArray());
        assertThatThrownBy(() -> store.secretKey("column", 3)).isInstanceOfSatisfying(CryptoException.class,
                e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.UNKNOWN_KEY_VERSION));
    }
}
