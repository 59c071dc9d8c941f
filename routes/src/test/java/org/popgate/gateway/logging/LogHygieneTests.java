package org.popgate.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.gateway.support.TestCounty;

/**
 * Runs after every other test class of this module (junit-platform.properties orders classes) and scans
 * what the whole run logged for the ID numbers and names of the generated persons.
 */
@Order(Integer.MAX_VALUE)
class LogHygieneTests {

    @Test
    void theTestRunLoggedNoIdNumberAndNoNameOfAnyGeneratedPerson() throws IOException {
        Path runLog = Path.of(System.getProperty("popgate.test.log"));
        assertThat(runLog).as("the run's log file").exists();
        StringBuilder logs = new StringBuilder(Files.readString(runLog, StandardCharsets.UTF_8));
        Path reports = Path.of("target", "surefire-reports");
        if (Files.isDirectory(reports)) {
            try (Stream<Path> files = Files.list(reports)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-output.txt")).toList()) {
                    logs.append(Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(logs).as("the run logged the gateway's start-up").contains("Started");

        List<String> leaks = new ArrayList<>();
        for (CountyRow.Person person : TestCounty.persons()) {
            if (logs.indexOf(person.idNumber()) >= 0 || logs.indexOf(person.idNumber().substring(0, 17)) >= 0) {
                leaks.add("ID number of person row " + person.id());
            }
            if (person.name().length() >= 2 && logs.indexOf(person.name()) >= 0) {
                leaks.add("name of person row " + person.id());
            }
        }
        assertThat(leaks).as("personal data found in the logs").isEmpty();
    }
}
