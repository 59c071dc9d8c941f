package org.popgate.adapters.feedstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import javax.crypto.spec.SecretKeySpec;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.education.RosterFileParser;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.FeedLimits;
import org.popgate.adapters.police.PoliceChangeFileParser;
import org.popgate.adapters.population.CountyLoader;
import org.popgate.adapters.population.PersonRecordCodec;
import org.popgate.adapters.synthetic.CountyRegister;
import org.popgate.adapters.synthetic.CountySpec;
import org.popgate.adapters.synthetic.DefectPlan;
import org.popgate.adapters.synthetic.DepartmentSimulator;
import org.popgate.adapters.synthetic.FeedDefect;
import org.popgate.adapters.synthetic.SimulatedFeed;
import org.popgate.crypto.column.ColumnCipher;
import org.popgate.crypto.lookup.LookupHasher;

/** Deliveries into a real H2 population database, without the gateway: apply, idempotency, policies, rejects kept. */
class FeedDeliveriesTests {

    static final CountySpec SPEC = new CountySpec(431128, 4000, DefectPlan.DEFAULT, CountySpec.DEFAULT_AS_OF);
    static JdbcDataSource db;
    static FeedDeliveries deliveries;
    static DepartmentSimulator simulator;
    static PopulationQuality quality;
    static LocalDate today;

    @BeforeAll
    static void database() throws Exception {
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:file:" + Files.createTempDirectory("popgate-feedstore").resolve("db") + ";WRITE_DELAY=0");
        db.setUser("popgate");
        db.setPassword("");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String script : new String[] {"V1__population.sql", "V2__members_people_alerts.sql", "V4__feeds.sql"}) {
                s.execute("RUNSCRIPT FROM 'classpath:/db/migration/common/" + script + "'");
            }
        }
        ColumnCipher cipher = new ColumnCipher(v -> new SecretKeySpec(new byte[32], "AES"), 1);
        PersonRecordCodec codec = new PersonRecordCodec(new LookupHasher(new SecretKeySpec(new byte[32], "HmacSHA256")),
                cipher);
        new CountyLoader(db, codec, 1000).loadIfAbsent(SPEC);
        quality = new PopulationQuality(db, codec, Clock.systemUTC());
        deliveries = new FeedDeliveries(db, codec, cipher, quality::areas, Clock.systemUTC());
        simulator = new DepartmentSimulator(CountyRegister.of(SPEC));
        today = simulator.feedDate();
    }

    @Test
    void appliesAPoliceFileOnceKeepsItsRejectsAndSkipsEveryRecordDeliveredAgain() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        SimulatedFeed sim = simulator.police(new DepartmentSimulator.Options(1, 200, 0.05, null, StandardCharsets.UTF_8),
                file);
        long persons = count("SELECT COUNT(*) FROM person");
        DeliveryOutcome first = police("p/1", file.toByteArray());
        assertThat(first.status()).isEqualTo(DeliveryOutcome.Status.APPLIED);
        assertThat(first.rejected()).isEqualTo(sim.defective());
        assertThat(first.applied()).isEqualTo(sim.records() - sim.defective());
        assertThat(count("SELECT COUNT(*) FROM feed_reject WHERE exchange_id = 'p/1' AND original_enc IS NOT NULL"))
                .isEqualTo(sim.defective());
        long afterFirst = count("SELECT COUNT(*) FROM person");
        assertThat(afterFirst).isGreaterThan(persons);

        assertThat(police("p/1", file.toByteArray()).status()).isEqualTo(DeliveryOutcome.Status.DUPLICATE);
        DeliveryOutcome again = police("p/2", file.toByteArray());
        assertThat(again.applied()).isZero();
        // every applied change is skipped; so is a duplicate-key row, its key now being one applied before
        assertThat(again.skipped()).isBetween(first.applied(), first.applied() + sim.defective());
        assertThat(again.skipped() + again.rejected()).isEqualTo(sim.records());
        assertThat(count("SELECT COUNT(*) FROM person")).isEqualTo(afterFirst);
        assertThat(count("SELECT COUNT(*) FROM feed_processed_key WHERE counterpart = 'POLICE'"))
                .isGreaterThanOrEqualTo(first.applied());
    }

    @Test
    void aTruncatedFileAppliesNothingAndIsKept() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        simulator.police(new DepartmentSimulator.Options(2, 100, 0, FeedDefect.TRUNCATED, StandardCharsets.UTF_8), file);
        long persons = count("SELECT COUNT(*) FROM person");
        long keys = count("SELECT COUNT(*) FROM feed_processed_key");
        DeliveryOutcome o = deliveries.receive(new Delivery("p/truncated", Counterpart.POLICE, "431128.police", "test",
                false, today), new PoliceChangeFileParser(FeedLimits.DEFAULT, today)::parse,
                new ByteArrayInputStream(file.toByteArray()), new byte[] {1, 2, 3});
        assertThat(o.status()).isEqualTo(DeliveryOutcome.Status.REJECTED);
        assertThat(o.reason()).isEqualTo("feed_truncated");
        assertThat(count("SELECT COUNT(*) FROM person")).isEqualTo(persons);
        assertThat(count("SELECT COUNT(*) FROM feed_processed_key")).isEqualTo(keys);
        assertThat(count("SELECT COUNT(*) FROM feed_delivery WHERE exchange_id = 'p/truncated' AND payload_enc IS NOT NULL"))
                .isEqualTo(1);
    }

    @Test
    void aRosterWithOneBadEntryAppliesNoneAndKeepsTheRejects() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        SimulatedFeed sim = simulator.educationRoster(new DepartmentSimulator.Options(3, 50, 0.1, null,
                StandardCharsets.UTF_8), "431128100", file);
        DeliveryOutcome o = deliveries.receive(new Delivery("e/1", Counterpart.EDUCATION, "431128.education", "test",
                true, today), new RosterFileParser(FeedLimits.DEFAULT, today)::parse,
                new ByteArrayInputStream(file.toByteArray()), null);
        assertThat(o.status()).isEqualTo(DeliveryOutcome.Status.REJECTED);
        assertThat(o.reason()).isEqualTo("feed_atomic_file_has_rejects");
        assertThat(count("SELECT COUNT(*) FROM feed_enrolment")).isZero();
        assertThat(deliveries.rejects("431128.education", "OPEN", 100)).hasSize((int) sim.defective());
    }

    @Test
    void qualityFactsReadEveryRelatedTableThroughAnIndexAndFindEverySpouse() throws Exception {
        // Without an index a quality snapshot, taken after every applied delivery, scans a table once a person:
        // over a county that is hours of CPU for each delivery.
        String plan;
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("EXPLAIN " + PopulationQuality.FACTS_SQL)) {
            rs.next();
            plan = rs.getString(1);
        }
        assertThat(plan).contains("HUSBAND_ID = P.ID", "WIFE_ID = P.ID", "WOMAN_ID = P.ID").doesNotContain("tableScan");
        // a husband and a wife both count as having a spouse record, whichever column names them
        long[] withSpouse = new long[1];
        quality.facts(today, f -> withSpouse[0] += f.hasSpouseRecord() ? 1 : 0);
        assertThat(withSpouse[0]).isPositive().isEqualTo(count("SELECT COUNT(*) FROM (SELECT husband_id FROM marriage"
                + " UNION SELECT wife_id FROM marriage) spouses"));
    }

    private static DeliveryOutcome police(String id, byte[] bytes) {
        return deliveries.receive(new Delivery(id, Counterpart.POLICE, "431128.police", "test", true, today),
                new PoliceChangeFileParser(FeedLimits.DEFAULT, today)::parse, new ByteArrayInputStream(bytes), null);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
