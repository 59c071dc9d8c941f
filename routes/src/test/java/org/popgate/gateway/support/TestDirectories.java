package org.popgate.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Gives a Spring test context its own data and keys directories (file-based H2 and Artemis lock their files). */
public final class TestDirectories {

    private TestDirectories() {}

    /** Creates a fresh temporary directory and points popgate.data-dir and popgate.keys.dir inside it. */
    public static Path register(DynamicPropertyRegistry registry) {
        Path base = create();
        registry.add("popgate.data-dir", () -> base.resolve("data").toString());
        registry.add("popgate.keys.dir", () -> base.resolve("keys").toString());
        registry.add("popgate.audit.witness-dir", () -> base.resolve("witness").toString());
        return base;
    }

    public static Path create() {
        try {
            return Files.createTempDirectory("popgate-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
