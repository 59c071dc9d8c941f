package org.popgate.adapters.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.civilaffairs.CivilAffairsMessageParser;
import org.popgate.adapters.education.RosterFileParser;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.FeedFixtures;
import org.popgate.adapters.feed.FeedIntake;
import org.popgate.adapters.feed.FeedLimits;
import org.popgate.adapters.feed.FeedParser;
import org.popgate.adapters.feed.FeedRejectCode;
import org.popgate.adapters.feed.FeedReport;
import org.popgate.adapters.feed.FeedValidator;
import org.popgate.adapters.health.HealthMessageParser;
import org.popgate.adapters.police.PoliceChangeFileParser;

class DepartmentSimulatorTests {

    static CountyRegister register;
    static DepartmentSimulator simulator;

    @BeforeAll
    static void county() {
        register = CountyRegister.of(new CountySpec(431128, 20_000, DefectPlan.DEFAULT, CountySpec.DEFAULT_AS_OF));
        simulator = new DepartmentSimulator(register);
    }

    enum Department { POLICE, CIVIL_AFFAIRS, HEALTH, EDUCATION }

    static SimulatedFeed simulate(Department d, DepartmentSimulator.Options o, ByteArrayOutputStream out) {
        return switch (d) {
            case POLICE -> simulator.police(o, out);
            case CIVIL_AFFAIRS -> simulator.civilAffairs(o, out);
            case HEALTH -> simulator.health(o, out);
            case EDUCATION -> simulator.educationRoster(o, "431128100", out);
        };
    }

    static FeedReport intake(Department d, byte[] bytes, FeedFixtures.Collect sink) {
        FeedLimits limits = FeedLimits.DEFAULT;
        var today = simulator.feedDate();
        FeedParser parser = switch (d) {
            case POLICE -> new PoliceChangeFileParser(limits, today)::parse;
            case CIVIL_AFFAIRS -> new CivilAffairsMessageParser(limits, today)::parse;
            case HEALTH -> new HealthMessageParser(limits, today)::parse;
            case EDUCATION -> new RosterFileParser(limits, today)::parse;
        };
        FeedIntake intake = new FeedIntake(new FeedValidator(register, register.knownAreas(), today));
        return intake.run(Counterpart.valueOf(d.name()), parser, new ByteArrayInputStream(bytes), sink);
    }

    @ParameterizedTest
    @EnumSource(Department.class)
    void cleanFeedsValidateWhole(Department d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SimulatedFeed feed = simulate(d, DepartmentSimulator.Options.clean(7, 500), out);
        FeedFixtures.Collect sink = new FeedFixtures.Collect();
        FeedReport report = intake(d, out.toByteArray(), sink);
        assertThat(sink.rejected).as("rejects").isEmpty();
        assertThat(report.applies()).isTrue();
        assertThat(report.accepted()).isEqualTo(feed.records()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Department.class)
    void everyDeliberateRecordDefectRejectsExactlyItsRecord(Department d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SimulatedFeed feed = simulate(d, new DepartmentSimulator.Options(9, 600, 0.2, null, Charset.forName("GB18030")), out);
        FeedFixtures.Collect sink = new FeedFixtures.Collect();
        FeedReport report = intake(d, out.toByteArray(), sink);
        assertThat(feed.defective()).isPositive();
        assertThat(report.rejected()).isEqualTo(feed.defective());
        assertThat(report.accepted()).isEqualTo(feed.records() - feed.defective());
        assertThat(report.applies()).isEqualTo(d != Department.EDUCATION);
    }

    @ParameterizedTest
    @EnumSource(value = org.popgate.adapters.synthetic.FeedDefect.class, names = {"TRUNCATED", "HUGE_LINE",
        "BINARY_GARBAGE", "BROKEN_ENCODING", "WRONG_COLUMN_HEADER"})
    void everyFileDefectRejectsTheWholeFileInEveryFormat(FeedDefect defect) {
        for (Department d : Department.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            simulate(d, new DepartmentSimulator.Options(3, 300, 0, defect, StandardCharsets.UTF_8), out);
            FeedReport report = intake(d, out.toByteArray(), new FeedFixtures.Collect());
            assertThat(report.applies()).as(d + " " + defect).isFalse();
            assertThat(report.fileRejection().fileLevel()).isTrue();
        }
    }

    @Test
    void sameSeedGivesTheSameFeed() {
        BiFunction<Long, Department, byte[]> run = (seed, d) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            simulate(d, new DepartmentSimulator.Options(seed, 200, 0.1, null, StandardCharsets.UTF_8), out);
            return out.toByteArray();
        };
        for (Department d : Department.values()) {
            assertThat(run.apply(5L, d)).isEqualTo(run.apply(5L, d));
        }
        assertThat(Arrays.equals(run.apply(5L, Department.POLICE), run.apply(6L, Department.POLICE))).isFalse();
    }

    @Test
    void brokenEncodingIsReportedAsSuch() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        simulator.police(new DepartmentSimulator.Options(3, 300, 0, FeedDefect.BROKEN_ENCODING, Charset.forName("GB18030")), out);
        // GB18030 declared, UTF-8 written: some UTF-8 sequences happen to be valid GB18030, but not a whole county's names
        FeedReport report = intake(Department.POLICE, out.toByteArray(), new FeedFixtures.Collect());
        assertThat(report.fileRejection()).isEqualTo(FeedRejectCode.BAD_ENCODING);
    }
}
