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
 */
@ConfigurationProperties("popgate.alerts")
public record AlertProperties(
        @DefaultValue("1s") Duration scanInterval,
        @DefaultValue("10") int denialBurstThreshold,
        @DefaultValue("1m") Duration denialBurstWindow,
        @DefaultValue("08:00") LocalTime workdayStart,
        @DefaultValue("18:00") LocalTime workdayEnd,
        @DefaultValue("Asia/Shanghai") ZoneId zone,
        @DefaultValue("true") boolean offHours) {}
