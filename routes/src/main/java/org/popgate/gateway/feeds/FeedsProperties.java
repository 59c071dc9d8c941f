package org.popgate.gateway.feeds;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Department feeds ({@code popgate.feeds.*}).
 *
 * @param enabled whether the feed transports (folders, Artemis queues) run; the HTTPS endpoint follows too
 * @param region the county's region code: department members are {@code <region>.<department>}
 * @param inbox where departments drop exchange packages ({@code <inbox>/police}, {@code <inbox>/education}, files
 *     named {@code <exchange id>.p7m}); default {@code <data-dir>/feeds/inbox}
 * @param trustedDir an explicitly configured folder whose plain (unpackaged) files are accepted, audited as
 *     such ({@code <trustedDir>/police}, {@code <trustedDir>/education}); unset: plain files are never accepted
 * @param pollDelay how often the folders are polled
 * @param qualityAfterEachFeed take a quality snapshot after every applied delivery (the trend across feeds)
 * @param simulators department simulators feeding the gateway for the demo (off unless switched on)
 */
@ConfigurationProperties("popgate.feeds")
public record FeedsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("431128") String region,
        Path inbox,
        Path trustedDir,
        @DefaultValue("1s") Duration pollDelay,
        @DefaultValue("true") boolean qualityAfterEachFeed,
        @DefaultValue Simulators simulators) {

    /**
     * @param enabled whether simulated departments send feeds (demo only)
     * @param interval how often each simulated department sends one
     * @param records records per simulated feed
     * @param defectShare share of deliberately defective records
     */
    public record Simulators(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("2m") Duration interval,
            @DefaultValue("50") int records,
            @DefaultValue("0.05") double defectShare) {}
}
