package org.popgate.gateway.migrant;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    /**
     * Starts this class in a child JVM with the test's class path, {@code jvmOptions} and {@code args}, its stderr in
     * {@code err}, and waits until it prints READY (generously: on a loaded machine a restart takes minutes). A child
     * that never gets ready is killed, not left behind.
     */
    static Process launch(List<String> jvmOptions, List<String> args, Path err) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MigrantCrashChild.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectError(err.toFile());
        Process child = pb.start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the child was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(480, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
            throw new AssertionError("child did not start (see " + err + ")");
        }
        return child;
    }

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
