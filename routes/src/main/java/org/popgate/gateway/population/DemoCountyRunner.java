package org.popgate.gateway.population;

import org.popgate.adapters.population.CountyLoader;
import org.popgate.adapters.synthetic.CountySpec;
import org.popgate.adapters.synthetic.DefectPlan;
import org.popgate.gateway.config.PopgateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Loads the synthetic county on the first start (before the gateway reports ready); later starts find
 * the completed-load marker and leave the data alone.
 */
@Component
class DemoCountyRunner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCountyRunner.class);

    private final CountyLoader loader;
    private final PopgateProperties.Demo demo;

    DemoCountyRunner(CountyLoader loader, PopgateProperties properties) {
        this.loader = loader;
        this.demo = properties.demo();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!demo.enabled()) {
            return;
        }
        int rate = demo.defectsPerTenThousand();
        CountySpec spec = new CountySpec(demo.seed(), demo.persons(), new DefectPlan(rate, rate, rate, rate),
                CountySpec.DEFAULT_AS_OF);
        long started = System.nanoTime();
        CountyLoader.LoadResult result = loader.loadIfAbsent(spec);
        if (result.loaded()) {
            log.info("Loaded the synthetic county ({} persons, seed {}) in {} s", spec.persons(), spec.seed(),
                    (System.nanoTime() - started) / 1_000_000_000);
        } else {
            log.info("Synthetic county already loaded ({}); nothing to do", result.marker());
        }
    }
}
