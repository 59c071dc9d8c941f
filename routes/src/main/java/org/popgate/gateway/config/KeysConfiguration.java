package org.popgate.gateway.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.lookup.LookupHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the gateway's key store in the keys directory and exposes the keys the other beans need. */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KeysConfiguration.class);

    @Bean
    GatewayKeyStore gatewayKeyStore(PopgateProperties properties) {
        PopgateProperties.Keys keys = properties.keys();
        restrictToOwner(keys.dir());
        return GatewayKeyStore.openOrCreate(keys.dir().resolve("gateway.bcfks"), password(keys));
    }

    /** The keys directory itself is closed to everyone but its owner, not only the files in it. */
    static void restrictToOwner(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // non-POSIX file systems keep their own ACLs
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the keys directory " + dir, e);
        }
    }

    @Bean
    LookupHasher lookupHasher(GatewayKeyStore keyStore) {
        return new LookupHasher(keyStore.secretKey(LookupHasher.KEY_ALIAS));
    }

    /** The password from the environment, else the secret file, generated (owner-only) on first start. */
    static char[] password(PopgateProperties.Keys keys) {
        if (keys.password() != null && !keys.password().isEmpty()) {
            return keys.password().toCharArray();
        }
        Path file = keys.effectivePasswordFile();
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            log.info("Generated a key-store password in {} (readable only by its owner)", file);
            return generated.toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key-store password file " + file, e);
        }
    }
}
