package org.popgate.gateway;

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
        SpringApplication.run(PopgateApplication.class, args);
    }
}
