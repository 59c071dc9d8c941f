package org.popgate.gateway.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.population.PersonRecord;
import org.popgate.adapters.population.PersonRepository;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.gateway.config.PopgateProperties;
import org.popgate.gateway.support.ByteSearch;
import org.popgate.gateway.support.TestCounty;
import org.popgate.gateway.support.TestDirectories;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Someone who copies the H2 database file finds no ID number and no name in it. */
@SpringBootTest
@ActiveProfiles("test")
class AtRestProtectionIntegrationTests {

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        TestDirectories.register(registry);
    }

    @Autowired
    PopgateProperties properties;

    @Autowired
    PersonRepository persons;

    @Test
    void theRawDatabaseFileHoldsNoIdNumberAndNoName() throws Exception {
        List<CountyRow.Person> county = TestCounty.persons();
        assertThat(persons.count()).isEqualTo(county.size());
        byte[] file = Files.readAllBytes(properties.dataDir().resolve("db/popgate.mv.db"));

        List<byte[]> personalData = new ArrayList<>();
        for (CountyRow.Person p : county) {
            personalData.add(p.idNumber().getBytes(StandardCharsets.US_ASCII));
            personalData.add(p.name().getBytes(StandardCharsets.UTF_8));
            personalData.add(p.name().getBytes(StandardCharsets.UTF_16BE));
            personalData.add(h2String(p.name()));
        }
        assertThat(ByteSearch.occurring(file, personalData)).as("plaintext personal data in the database file")
                .isEmpty();
        // The search itself works: the plain area names of the county are in the file.
        assertThat(ByteSearch.occurring(file, List.of(h2String("新田县")))).hasSize(1);
    }

    /** How H2's MVStore writes a string's characters: UTF-8's shape without the continuation bits. */
    static byte[] h2String(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (char c : s.toCharArray()) {
            if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xc0 | (c >> 6));
                out.write(c & 0x3f);
            } else {
                out.write(0xe0 | (c >> 12));
                out.write((c >> 6) & 0x3f);
                out.write(c & 0x3f);
            }
        }
        return out.toByteArray();
    }

    @Test
    void lookupsByIdStillFindAndDecryptThePerson() {
        CountyRow.Person someone = TestCounty.persons().get(42);
        List<PersonRecord> found = persons.findByIdNumber(someone.idNumber());
        assertThat(found).hasSize(1);
        assertThat(found.get(0).idNumber()).isEqualTo(someone.idNumber());
        assertThat(found.get(0).name()).isEqualTo(someone.name());
    }

    @Test
    void theDatabaseFileSitsInTheDataDirectoryAndTheKeysElsewhere() {
        Path data = properties.dataDir().toAbsolutePath();
        assertThat(data.resolve("db/popgate.mv.db")).exists();
        assertThat(properties.keys().dir().toAbsolutePath().startsWith(data)).isFalse();
    }
}
