package org.popgate.gateway.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's own settings ({@code popgate.*}).
 *
 * @param dataDir everything the gateway writes except keys: database files, broker journal, spools
 * @param keys where key material lives, kept apart from the data directory
 * @param demo the synthetic county loaded on first start
 */
@ConfigurationProperties("popgate")
public record PopgateProperties(@DefaultValue("./data") Path dataDir, @DefaultValue Keys keys, @DefaultValue Demo demo) {

    /**
     * @param dir the keys directory (owner-only permissions)
     * @param password the key-store password; from the environment as {@code POPGATE_KEYS_PASSWORD}. When
     *     empty, the password file is read, and generated on first start
     * @param passwordFile the secret file holding the key-store password; defaults to
     *     {@code <dir>/keystore.password}
     */
    public record Keys(@DefaultValue("./keys") Path dir, String password, Path passwordFile) {

        /** The password file actually used. */
        public Path effectivePasswordFile() {
            return passwordFile != null ? passwordFile : dir.resolve("keystore.password");
        }
    }

    /**
     * @param enabled whether the synthetic county is loaded on first start
     * @param seed the generator seed: the same seed gives the same county
     * @param persons person rows to generate; the default is the full 新田县 county (408,085)
     * @param defectsPerTenThousand deliberately defective records of each kind per 10,000 persons
     * @param batchSize rows per insert batch and commit
     * @param accounts on first start, one account per role (and the two demo members the bound roles need);
     *     when false, only a security administrator. Passwords go to {@code <keys dir>/initial-accounts.txt}
     */
    public record Demo(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("431128") long seed,
            @DefaultValue("408085") int persons,
            @DefaultValue("5") int defectsPerTenThousand,
            @DefaultValue("5000") int batchSize,
            @DefaultValue("true") boolean accounts) {}
}
