package org.popgate.gateway.alerts;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alert rules over the audit stream ({@code popgate.alerts.*}).
 *
 * @param scanInterval how often new audit events are read and run through the rules
 * @param denialBurstThreshold denied requests or failed logins of one caller that raise a denial-burst alert
 * @param denialBurstWindow the window they are counted in
 * @param workdayStart start of working hours; logins outside working hours or on weekends raise an alert
 * @param workdayEnd end of working hours
 * @param zone the office's time zone for working hours
 * @param offHours whether the off-hours rule runs
 * @param bigPullRecords a pull of at least this many records raises a big-pull alert
 * @param frequentPulls this many pulls of one department within {@code frequentPullWindow} raise a frequent-pull alert
 * @param frequentPullWindow the window pulls are counted in
 * @param enumerationMisses this many lookups of one department for IDs that match nobody within
 *     {@code enumerationWindow} raise an ID-enumeration alert
 * @param enumerationWindow the window those lookups are counted in
 */
@ConfigurationProperties("popgate.alerts")
public record AlertProperties(
        @DefaultValue("1s") Duration scanInterval,
        @DefaultValue("10") int denialBurstThreshold,
        @DefaultValue("1m") Duration denialBurstWindow,
        @DefaultValue("08:00") LocalTime workdayStart,
        @DefaultValue("18:00") LocalTime workdayEnd,
        @DefaultValue("Asia/Shanghai") ZoneId zone,
        @DefaultValue("true") boolean offHours,
        @DefaultValue("10000") long bigPullRecords,
        @DefaultValue("5") int frequentPulls,
        @DefaultValue("1h") Duration frequentPullWindow,
        @DefaultValue("20") int enumerationMisses,
        @DefaultValue("10m") Duration enumerationWindow) {}
