package org.popgate.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.gateway.support.TestCounty;
import org.popgate.gateway.support.TestDirectories;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A route that fails on a record holding personal data must not echo the record into the logs. */
@SpringBootTest
@ActiveProfiles("test")
class CamelLogHygieneTests {

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        TestDirectories.register(registry);
    }

    @TestConfiguration
    static class ProbeRoute {
        @Bean
        RouteBuilder hygieneProbe() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:hygiene-probe").routeId("hygiene-probe")
                            .log("probe received a record")
                            .throwException(new IllegalStateException("hygiene probe failure"));
                }
            };
        }
    }

    @Autowired
    ProducerTemplate producer;

    @Test
    void failedExchangesAreLoggedWithoutTheirBody() throws Exception {
        CountyRow.Person person = TestCounty.persons().get(17);
        String record = "{\"idNumber\":\"" + person.idNumber() + "\",\"name\":\"" + person.name() + "\"}";

        assertThatThrownBy(() -> producer.sendBody("direct:hygiene-probe", record))
                .isInstanceOf(CamelExecutionException.class);

        String log = Files.readString(Path.of(System.getProperty("popgate.test.log")), StandardCharsets.UTF_8);
        assertThat(log).contains("hygiene probe failure");
        assertThat(log).doesNotContain(person.idNumber()).doesNotContain(person.name());
    }
}
