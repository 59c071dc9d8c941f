package org.popgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.population.CountyLoader;
import org.popgate.adapters.population.PersonRepository;
import org.popgate.gateway.support.TestDirectories;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

class RestartIntegrationTests {

    @Test
    void restartKeepsTheDataWithoutReloadingOrDuplicating() {
        Path base = TestDirectories.create();
        long firstCount;
        String firstMarker;
        try (ConfigurableApplicationContext first = start(base)) {
            firstCount = first.getBean(PersonRepository.class).count();
            firstMarker = first.getBean(CountyLoader.class).loadedCounty().orElseThrow();
        }
        try (ConfigurableApplicationContext second = start(base)) {
            assertThat(second.getBean(PersonRepository.class).count()).isEqualTo(firstCount).isEqualTo(3000);
            assertThat(second.getBean(CountyLoader.class).loadedCounty()).contains(firstMarker);
        }
    }

    private static ConfigurableApplicationContext start(Path base) {
        return new SpringApplicationBuilder(PopgateApplication.class)
                .profiles("test")
                .run("--popgate.data-dir=" + base.resolve("data"), "--popgate.keys.dir=" + base.resolve("keys"),
                        "--popgate.audit.witness-dir=" + base.resolve("witness"));
    }
}
