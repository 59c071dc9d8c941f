package org.popgate.gateway.migrant;

import java.util.ArrayList;
import java.util.List;
import org.popgate.gateway.PopgateApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The receiving gateway of the crash tests, in its own JVM: the whole application (PostgreSQL and Kafka, or with
 * {@code -Dpopgate.crash.profiles=test} the embedded default: H2 and embedded Artemis), printing READY once both
 * demo offices are hosted, then running until it is killed.
 */
public final class MigrantCrashChild {

    private MigrantCrashChild() {}

    public static void main(String[] args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PopgateApplication.class)
                .profiles(System.getProperty("popgate.crash.profiles", "test,postgres").split(",")).run(all.toArray(String[]::new));
        OfficeKeys offices = context.getBean(OfficeKeys.class);
        offices.hosted("431128.migrant-office").orElseThrow();
        offices.hosted("440305.migrant-office").orElseThrow();
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join();
    }
}
