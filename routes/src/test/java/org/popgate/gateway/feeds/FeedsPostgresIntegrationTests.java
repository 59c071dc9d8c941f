package org.popgate.gateway.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.sql.SQLException;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.popgate.adapters.civilaffairs.CivilAffairsMessageParser;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.FeedLimits;
import org.popgate.adapters.feedstore.Delivery;
import org.popgate.adapters.feedstore.DeliveryOutcome;
import org.popgate.adapters.feedstore.FeedDeliveries;
import org.popgate.adapters.feedstore.PopulationQuality;
import org.popgate.adapters.police.PoliceChangeFileParser;
import org.popgate.adapters.synthetic.CountyRegister;
import org.popgate.adapters.synthetic.DepartmentSimulator;
import org.popgate.adapters.synthetic.SimulatedFeed;
import org.popgate.gateway.support.TestCounty;
import org.popgate.gateway.support.PostgresSchema;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The feed store on a real PostgreSQL as the application role (V4 and its grants): deliveries apply once,
 * rejects and conflicts are kept, quality snapshots and the reconciliation read the database.
 */
@SpringBootTest
@ActiveProfiles({"test", "postgres"})
@EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
class FeedsPostgresIntegrationTests {

    static final String SCHEMA = "gw_feeds_it";

    @BeforeAll
    static void freshSchema() throws SQLException {
        PostgresSchema.drop(SCHEMA);
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresSchema.register(registry, SCHEMA);
        registry.add("popgate.feeds.enabled", () -> "false");
    }

    @Autowired
    FeedDeliveries deliveries;

    @Autowired
    PopulationQuality quality;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void feedsApplyOnceWithRejectsConflictsQualityAndReconciliationOnPostgres() {
        DepartmentSimulator simulator = new DepartmentSimulator(CountyRegister.of(TestCounty.SPEC));
        LocalDate today = simulator.feedDate();
        ByteArrayOutputStream police = new ByteArrayOutputStream();
        SimulatedFeed sim = simulator.police(new DepartmentSimulator.Options(5, 200, 0.05, null,
                Charset.forName("GB18030")), police);
        DeliveryOutcome first = deliveries.receive(new Delivery("431128.police/pg-1", Counterpart.POLICE,
                "431128.police", "test", true, today), new PoliceChangeFileParser(FeedLimits.DEFAULT, today)::parse,
                new ByteArrayInputStream(police.toByteArray()), null);
        assertThat(first.status()).isEqualTo(DeliveryOutcome.Status.APPLIED);
        assertThat(first.rejected()).isEqualTo(sim.defective());
        assertThat(first.applied()).isEqualTo(sim.records() - sim.defective());
        DeliveryOutcome again = deliveries.receive(new Delivery("431128.police/pg-2", Counterpart.POLICE,
                "431128.police", "test", true, today), new PoliceChangeFileParser(FeedLimits.DEFAULT, today)::parse,
                new ByteArrayInputStream(police.toByteArray()), null);
        assertThat(again.applied()).isZero();
        assertThat(again.skipped()).isBetween(first.applied(), first.applied() + sim.defective());
        assertThat(again.skipped() + again.rejected()).isEqualTo(sim.records());

        ByteArrayOutputStream civil = new ByteArrayOutputStream();
        simulator.civilAffairs(DepartmentSimulator.Options.clean(6, 100), civil);
        DeliveryOutcome ca = deliveries.receive(new Delivery("431128.civilaffairs/pg-1", Counterpart.CIVIL_AFFAIRS,
                "431128.civilaffairs", "test", true, today),
                new CivilAffairsMessageParser(FeedLimits.DEFAULT, today)::parse,
                new ByteArrayInputStream(civil.toByteArray()), null);
        assertThat(ca.status()).isEqualTo(DeliveryOutcome.Status.APPLIED);
        assertThat(deliveries.rejects("431128.police", "OPEN", 1000).stream()
                .filter(r -> r.exchangeId().equals("431128.police/pg-1"))).hasSize((int) sim.defective());

        long snapshot = quality.snapshot("431128.civilaffairs/pg-1", LocalDate.now());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feed_quality WHERE snapshot_id = ?", Long.class, snapshot))
                .isPositive();
        assertThat(quality.reconcile().villages()).isNotEmpty();
    }
}
