package org.popgate.crypto.column;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.keys.GatewayKeyStore;

class ColumnCipherTests {

    @TempDir
    Path dir;

    @Test
    void roundTripsAValueAndHidesItsPlaintext() {
        ColumnCipher cipher = ColumnCipher.from(GatewayKeyStore.openOrCreate(dir.resolve("keys.bcfks"), "pw".toCharArray()));
        byte[] stored = cipher.encryptString("person", "name", "42", "张三");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("张三");
        assertThat(new String(stored, StandardCharsets.UTF_8)).doesNotContain("张三");
        assertThat(cipher.decryptString("person", "name", "42", stored)).isEqualTo("张三");
        assertThat(cipher.encryptString("person", "name", "42", "张三")).isNotEqualTo(stored);
    }

    @Test
    void refusesAValueMovedToAnotherRowOrColumn() {
        ColumnCipher cipher = ColumnCipher.from(GatewayKeyStore.openOrCreate(dir.resolve("keys.bcfks"), "pw".toCharArray()));
        byte[] stored = cipher.encryptString("person", "id_number", "42", "11010519491231002X");
        for (Runnable moved : new Runnable[] {
            () -> cipher.decryptString("person", "id_number", "43", stored),
            () -> cipher.decryptString("person", "name", "42", stored),
            () -> cipher.decryptString("visit", "id_number", "42", stored)}) {
            assertThatThrownBy(moved::run).isInstanceOfSatisfying(CryptoException.class,
                    e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.TAMPERED_CONTENT));
        }
    }

    @Test
    void decryptsValuesOfOlderKeyVersionsAfterRotation() {
        GatewayKeyStore store = GatewayKeyStore.openOrCreate(dir.resolve("keys.bcfks"), "pw".toCharArray());
        ColumnCipher before = ColumnCipher.from(store);
        byte[] old = before.encryptString("person", "name", "7", "李四");
        store.rotate(ColumnCipher.PURPOSE);
        ColumnCipher after = ColumnCipher.from(GatewayKeyStore.openOrCreate(dir.resolve("keys.bcfks"), "pw".toCharArray()));
        byte[] fresh = after.encryptString("person", "name", "7", "李四");
        assertThat(ColumnCipher.keyVersionOf(old)).isEqualTo(1);
        assertThat(ColumnCipher.keyVersionOf(fresh)).isEqualTo(2);
        assertThat(after.decryptString("person", "name", "7", old)).isEqualTo("李四");
    }

    @Test
    void refusesAFlippedBitAndAnUnknownKeyVersion() {
        ColumnCipher cipher = ColumnCipher.from(GatewayKeyStore.openOrCreate(dir.resolve("keys.bcfks"), "pw".toCharArray()));
        byte[] stored = cipher.encryptString("person", "name", "1", "王五");
        byte[] flipped = stored.clone();
        flipped[flipped.length - 3] ^= 1;
        assertThatThrownBy(() -> cipher.decryptString("person", "name", "1", flipped))
                .isInstanceOfSatisfying(CryptoException.class, e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.TAMPERED_CONTENT));
        byte[] future = stored.clone();
        future[4] = 9;
        assertThatThrownBy(() -> cipher.decryptString("person", "name", "1", future))
                .isInstanceOfSatisfying(CryptoException.class, e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.UNKNOWN_KEY_VERSION));
    }
}
