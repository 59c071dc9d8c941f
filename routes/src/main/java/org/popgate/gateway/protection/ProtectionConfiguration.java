package org.popgate.gateway.protection;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The API's protective filters, ahead of Spring Security so that even password hashing is bounded. */
@Configuration(proxyBeanMethods = false)
class ProtectionConfiguration {

    @Bean
    RateLimiter rateLimiter(ProtectionProperties properties) {
        return new RateLimiter(properties, System::nanoTime);
    }

    @Bean
    FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(ProtectionProperties properties) {
        FilterRegistrationBean<RequestSizeFilter> registration = new FilterRegistrationBean<>(
                new RequestSizeFilter(properties.maxRequestSize().toBytes()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BoundedWorkFilter> boundedWorkFilter(ProtectionProperties properties) {
        FilterRegistrationBean<BoundedWorkFilter> registration = new FilterRegistrationBean<>(new BoundedWorkFilter(
                properties.maxConcurrentRequests(), properties.queueWait(), properties.busyRetryAfter()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
