package org.popgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.population.PersonRecord;
import org.popgate.adapters.population.PersonRepository;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.gateway.config.PopgateProperties;
import org.popgate.gateway.support.TestCounty;
import org.popgate.gateway.support.TestDirectories;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class GatewayIntegrationTests {

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        TestDirectories.register(registry);
    }

    @Autowired
    Environment environment;

    @Autowired
    PopgateProperties properties;

    @Autowired
    PersonRepository persons;

    @Autowired
    JmsTemplate jms;

    @Test
    void healthIsUpOnceTheCountyIsLoaded() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(persons.count()).isEqualTo(TestCounty.SPEC.persons());
    }

    @Test
    void prometheusEndpointServesMetrics() throws Exception {
        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void databaseAndBrokerJournalLiveInTheDataDirectory() {
        Path data = properties.dataDir();
        assertThat(data.resolve("db/popgate.mv.db")).exists();
        assertThat(data.resolve("artemis/journal")).isDirectory();
        assertThat(data.resolve("artemis/bindings")).isDirectory();
    }

    @Test
    void keyMaterialIsReadableOnlyByItsOwner() throws Exception {
        Path keys = properties.keys().dir();
        assertThat(Files.getPosixFilePermissions(keys)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(keys.resolve("gateway.bcfks")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(keys.resolve("keystore.password")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(keys.toAbsolutePath().startsWith(properties.dataDir().toAbsolutePath())).isFalse();
    }

    @Test
    void embeddedBrokerDeliversPersistentMessages() throws Exception {
        jms.setDeliveryPersistent(true);
        jms.setReceiveTimeout(10_000);
        jms.convertAndSend("popgate.selftest.gateway", "ping");
        TextMessage received = (TextMessage) jms.receive("popgate.selftest.gateway");
        assertThat(received).isNotNull();
        assertThat(received.getText()).isEqualTo("ping");
        assertThat(received.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);
    }

    @Test
    void findsAPersonByIdNumberAsPeopleTypeIt() {
        List<CountyRow.Person> county = TestCounty.persons();
        CountyRow.Person someone = county.stream().filter(p -> p.idNumber().endsWith("X")).findFirst()
                .orElseThrow();
        String typed = "  " + someone.idNumber().substring(0, 17).replace('1', '１') + "x ";

        List<PersonRecord> found = persons.findByIdNumber(typed);

        assertThat(found).extracting(PersonRecord::id).contains(someone.id());
        assertThat(found.get(0).birthDate()).isEqualTo(someone.birthDate());
    }

    @Test
    void duplicateRecordsOfOnePersonAreFoundTogether() {
        List<CountyRow.Person> county = TestCounty.persons();
        CountyRow.Person duplicate = county.stream().filter(p -> "OTHER".equals(p.relationToHead())).findFirst()
                .orElseThrow();
        assertThat(persons.findByIdNumber(duplicate.idNumber())).hasSize(2);
    }

    private HttpResponse<String> get(String path) throws Exception {
        String port = environment.getProperty("local.server.port");
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
