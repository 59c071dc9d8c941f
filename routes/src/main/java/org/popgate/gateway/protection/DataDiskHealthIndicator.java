package org.popgate.gateway.protection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.popgate.gateway.config.PopgateProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Readiness: DOWN when the data directory's disk is nearly full (database, audit log and broker journal live there). */
@Component("dataDisk")
class DataDiskHealthIndicator implements HealthIndicator {

    private final Path dataDir;
    private final long minFree;

    DataDiskHealthIndicator(PopgateProperties popgate, ProtectionProperties properties) {
        this.dataDir = popgate.dataDir();
        this.minFree = properties.minFreeDisk().toBytes();
    }

    @Override
    public Health health() {
        try {
            long free = Files.getFileStore(dataDir).getUsableSpace();
            Health.Builder builder = free < minFree ? Health.down() : Health.up();
            return builder.withDetail("free", free).withDetail("threshold", minFree).build();
        } catch (IOException e) {
            return Health.down().withDetail("reason", "data_dir_unreadable").build();
        }
    }
}
