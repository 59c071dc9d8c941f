package org.popgate.gateway;

import org.popgate.gateway.backup.BackupCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The popgate gateway: Spring Boot and Camel around the crypto, audit and adapter libraries. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PopgateApplication {

    public static void main(String[] args) {
        if (args.length > 0 && BackupCommand.handles(args[0])) {
            // restore, drill, key generation: offline commands that must not start the gateway
            System.exit(BackupCommand.run(args, System.out));
        }
        SpringApplication.run(PopgateApplication.class, args);
    }
}
