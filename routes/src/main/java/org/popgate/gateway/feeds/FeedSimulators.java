package org.popgate.gateway.feeds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.popgate.adapters.synthetic.CountyRegister;
import org.popgate.adapters.synthetic.CountySpec;
import org.popgate.adapters.synthetic.DefectPlan;
import org.popgate.adapters.synthetic.DepartmentSimulator;
import org.popgate.gateway.config.PopgateProperties;

/**
 * Demo only: simulated police and education departments drop their change files and rosters, defects
 * included, into the trusted folder, so the demo shows feeds flowing, rejects and the quality trend. The
 * county register is built on the first tick (not at start-up), from the demo county's own seed.
 */
final class FeedSimulators {

    private final PopgateProperties.Demo demo;
    private final FeedsProperties.Simulators settings;
    private final Path trusted;
    private DepartmentSimulator simulator;
    private long tick;

    FeedSimulators(PopgateProperties.Demo demo, FeedsProperties.Simulators settings, Path trusted) {
        this.demo = demo;
        this.settings = settings;
        this.trusted = trusted;
    }

    /** One round: a police change file (GB18030 every other round) and a roster of one township's school. */
    synchronized void round() {
        if (simulator == null) {
            int rate = demo.defectsPerTenThousand();
            simulator = new DepartmentSimulator(CountyRegister.of(new CountySpec(demo.seed(), demo.persons(),
                    new DefectPlan(rate, rate, rate, rate), CountySpec.DEFAULT_AS_OF)));
        }
        long seed = System.currentTimeMillis() ^ ++tick;
        Charset charset = tick % 2 == 0 ? Charset.forName("GB18030") : StandardCharsets.UTF_8;
        ByteArrayOutputStream police = new ByteArrayOutputStream();
        simulator.police(new DepartmentSimulator.Options(seed, settings.records(), settings.defectShare(), null, charset),
                police);
        drop("police", "police-" + seed + ".csv", police.toByteArray());
        ByteArrayOutputStream roster = new ByteArrayOutputStream();
        simulator.educationRoster(new DepartmentSimulator.Options(seed, settings.records(), settings.defectShare(), null,
                StandardCharsets.UTF_8), "431128100", roster);
        drop("education", "roster-" + seed + ".csv", roster.toByteArray());
    }

    private void drop(String department, String name, byte[] bytes) {
        try {
            Path dir = Files.createDirectories(trusted.resolve(department));
            Path part = dir.resolve(name + ".part");
            Files.write(part, bytes);
            Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("the feed simulator cannot write " + department, e);
        }
    }
}
