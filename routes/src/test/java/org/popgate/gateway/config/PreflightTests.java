package org.popgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.popgate.gateway.PopgateApplication;
import org.popgate.gateway.support.TestDirectories;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

class PreflightTests {

    @Test
    void refusesToStartWithADataDirectoryThatCannotBeWritten() throws IOException {
        Path base = TestDirectories.create();
        Path notADirectory = Files.writeString(base.resolve("plain-file"), "x");

        assertThatThrownBy(() -> new SpringApplicationBuilder(PopgateApplication.class)
                        .profiles("test")
                        .run("--popgate.data-dir=" + notADirectory.resolve("data"),
                                "--popgate.keys.dir=" + base.resolve("keys"), "--popgate.audit.witness-dir=" + base.resolve("witness")))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("The data directory ")
                .hasMessageContaining("cannot be written");
    }

    @Test
    void refusesToStartWhenPostgresqlCannotBeReached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path base = TestDirectories.create();
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/popgate";

        assertThatThrownBy(() -> new SpringApplicationBuilder(PopgateApplication.class)
                        .profiles("test", "postgres")
                        .run("--popgate.data-dir=" + base.resolve("data"), "--popgate.keys.dir=" + base.resolve("keys"), "--popgate.audit.witness-dir=" + base.resolve("witness"),
                                "--spring.datasource.url=" + url, "--spring.datasource.username=nobody",
                                "--spring.datasource.password=none"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("The PostgreSQL database at " + url + " cannot be reached.");
    }

    @Test
    void theFailureReportIsOneSentenceAndAnAction() {
        PreflightException failure = new PreflightException("The data directory /x cannot be written.", "Fix it.");
        FailureAnalysis analysis = new PreflightFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).isEqualTo("The data directory /x cannot be written.");
        assertThat(analysis.getAction()).isEqualTo("Fix it.");
    }
}
