package org.popgate.gateway.population;

import javax.sql.DataSource;
import org.popgate.adapters.population.CountyLoader;
import org.popgate.adapters.population.PersonRecordCodec;
import org.popgate.adapters.population.PersonRepository;
import org.popgate.crypto.column.ColumnCipher;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.lookup.LookupHasher;
import org.popgate.gateway.config.PopgateProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The population adapter's beans: record codec, repository and the demo county loader. */
@Configuration(proxyBeanMethods = false)
class PopulationConfiguration {

    @Bean
    ColumnCipher columnCipher(GatewayKeyStore keyStore) {
        return ColumnCipher.from(keyStore);
    }

    @Bean
    PersonRecordCodec personRecordCodec(LookupHasher lookupHasher, ColumnCipher columnCipher) {
        return new PersonRecordCodec(lookupHasher, columnCipher);
    }

    @Bean
    PersonRepository personRepository(DataSource dataSource, PersonRecordCodec codec) {
        return new PersonRepository(dataSource, codec);
    }

    @Bean
    CountyLoader countyLoader(DataSource dataSource, PersonRecordCodec codec, PopgateProperties properties) {
        return new CountyLoader(dataSource, codec, properties.demo().batchSize());
    }
}
