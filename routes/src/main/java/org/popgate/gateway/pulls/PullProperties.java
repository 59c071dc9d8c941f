package org.popgate.gateway.pulls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Approved data pulls ({@code popgate.pulls.*}).
 *
 * @param defaultValidity how long an approval stays valid when the request names no validity
 * @param maxValidity the longest validity a request may ask for
 * @param secondApprovalThreshold pulls estimated at more records than this need a second, different approver
 * @param idListLimit the most ID numbers one request may list
 * @param receiptTimeout a delivered package without a receipt after this long is reported overdue (audited, alerted)
 * @param receiptCheck how often overdue receipts are looked for
 * @param packageDir where packages are written and kept until their receipt (default {@code <data-dir>/pulls})
 * @param folderMembers members that get their packages as files in {@code dropDir/<member>/} instead of on their
 *     queue {@code popgate.pull.<member>}
 * @param dropDir the folder-drop root (default {@code <data-dir>/drop})
 * @param canaries recipient-specific synthetic records per package, so a leaked file can be traced
 * @param zone the office's time zone: daily quotas and ages count in its days
 * @param dailyQuota per department (e.g. {@code health}), a daily record quota replacing the catalogue's figure
 * @param kafka delivery of packages to Kafka topics and receipts from Kafka (off unless bootstrap servers are set)
 */
@ConfigurationProperties("popgate.pulls")
public record PullProperties(
        @DefaultValue("7d") Duration defaultValidity,
        @DefaultValue("90d") Duration maxValidity,
        @DefaultValue("50000") long secondApprovalThreshold,
        @DefaultValue("10000") int idListLimit,
        @DefaultValue("24h") Duration receiptTimeout,
        @DefaultValue("1m") Duration receiptCheck,
        Path packageDir,
        @DefaultValue List<String> folderMembers,
        Path dropDir,
        @DefaultValue Canaries canaries,
        @DefaultValue("Asia/Shanghai") java.time.ZoneId zone,
        @DefaultValue java.util.Map<String, Long> dailyQuota,
        @DefaultValue Kafka kafka) {

    /** The daily record quota of {@code department}: the override if one is set, else the catalogue's. */
    long quotaOf(String department, Catalogue catalogue) {
        Long override = dailyQuota.get(department);
        return override != null ? override : catalogue.departments().get(department).dailyRecordQuota();
    }

    /**
     * @param enabled whether packages carry canary records
     * @param perPackage how many canary records each package carries
     */
    public record Canaries(@DefaultValue("false") boolean enabled, @DefaultValue("3") int perPackage) {}

    /**
     * Kafka for pulls ({@code popgate.pulls.kafka.*}), apart from the migrant exchange's cluster setting: the two
     * flows may well use different clusters. Off (no producer, no consumer) unless {@code bootstrapServers} is set.
     *
     * @param bootstrapServers the Kafka cluster the departments read from
     * @param members members that get their packages on the topic {@code popgate.pull.<member>} instead of their
     *     Artemis queue
     * @param chunkBytes a package travels as records of at most this many bytes (below the broker's message limit),
     *     keyed by the exchange id so they stay in order in one partition
     * @param groupId the consumer group reading {@code popgate.pull.receipts}
     * @param pollTimeout how long one poll of the receipt topic waits
     */
    public record Kafka(String bootstrapServers, @DefaultValue List<String> members,
            @DefaultValue("524288") int chunkBytes, @DefaultValue("popgate-pull-receipts") String groupId,
            @DefaultValue("500ms") Duration pollTimeout) {

        /** Whether Kafka is configured for pulls. */
        public boolean enabled() {
            return bootstrapServers != null && !bootstrapServers.isBlank();
        }

        /** Whether {@code member}'s packages go to its Kafka topic. */
        public boolean delivers(String member) {
            return enabled() && members.contains(member);
        }
    }
}
