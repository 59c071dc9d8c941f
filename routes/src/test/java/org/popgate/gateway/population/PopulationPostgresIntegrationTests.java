package org.popgate.gateway.population;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.popgate.adapters.population.PersonRecord;
import org.popgate.adapters.population.PersonRepository;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.gateway.support.TestCounty;
import org.popgate.gateway.support.PostgresSchema;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same migrations and repository on a real PostgreSQL, with the schema owner migrating and the
 * application role running the gateway. CI sets the POPGATE_TEST_PG_* variables (.ci/run).
 */
@SpringBootTest
@ActiveProfiles({"test", "postgres"})
@EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
class PopulationPostgresIntegrationTests {

    static final String SCHEMA = "gw_population_it";

    static String env(String name) {
        return PostgresSchema.env(name);
    }

    @BeforeAll
    static void freshSchema() throws SQLException {
        PostgresSchema.drop(SCHEMA);
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresSchema.register(registry, SCHEMA);
    }

    @Autowired
    PersonRepository persons;

    @Test
    void loadsTheCountyAndFindsPersonsByLookupHash() {
        assertThat(persons.count()).isEqualTo(TestCounty.SPEC.persons());
        CountyRow.Person someone = TestCounty.persons().get(1234);
        List<PersonRecord> found = persons.findByIdNumber(someone.idNumber().toLowerCase());
        assertThat(found).extracting(PersonRecord::id).contains(someone.id());
        assertThat(persons.countRegisteredByVillage().values().stream().mapToLong(Long::longValue).sum())
                .isPositive();
    }

    @Test
    void theTableContentsHoldNoPlaintextIdNumberOrName() throws SQLException {
        StringBuilder dump = new StringBuilder();
        try (Connection c = DriverManager.getConnection(env("POPGATE_TEST_PG_URL"), env("POPGATE_TEST_PG_USER"),
                        env("POPGATE_TEST_PG_PASSWORD"));
                Statement s = c.createStatement()) {
            for (String table : List.of("person", "household", "marriage", "birth", "fertility", "migrant")) {
                try (var rs = s.executeQuery("SELECT t::text FROM " + SCHEMA + "." + table + " t")) {
                    while (rs.next()) {
                        dump.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        assertThat(dump.length()).isGreaterThan(100_000);
        List<String> found = new java.util.ArrayList<>();
        for (CountyRow.Person p : TestCounty.persons()) {
            if (dump.indexOf(p.idNumber()) >= 0) {
                found.add("ID number of row " + p.id());
            }
            if (dump.indexOf(p.name()) >= 0) {
                found.add("name of row " + p.id());
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theApplicationRoleCannotChangeTheSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(env("POPGATE_TEST_PG_URL") , env("POPGATE_TEST_PG_APP_USER"),
                        env("POPGATE_TEST_PG_APP_PASSWORD"));
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + SCHEMA);
            assertThatThrownBy(() -> s.execute("DROP TABLE person")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.execute("CREATE TABLE intruder (id INT)")).isInstanceOf(SQLException.class);
        }
    }
}
