package org.popgate.gateway.logging;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps personal data out of application logs: Camel never prints message bodies (its exhausted-message
 * and debug logging would otherwise echo a record), and Jackson parse errors carry no source excerpt
 * (set in application.yml).
 */
@Configuration(proxyBeanMethods = false)
class LogHygieneConfiguration {

    @Bean
    CamelContextConfiguration noBodiesInCamelLogs() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                context.getGlobalOptions().put(Exchange.LOG_DEBUG_BODY_MAX_CHARS, "-1");
                context.setMessageHistory(false);
                context.setLogMask(true);
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
                // nothing after start
            }
        };
    }
}
