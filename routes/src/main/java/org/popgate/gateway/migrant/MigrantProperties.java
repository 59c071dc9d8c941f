package org.popgate.gateway.migrant;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.popgate.adapters.migrant.MessageType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The migrant exchange's settings ({@code popgate.migrant.*}).
 *
 * @param transport ARTEMIS (the embedded broker, queues {@code popgate.migrant.<office>}) or KAFKA (a topic per region)
 * @param maxMessageBytes a delivered package larger than this goes to the dead-letter queue unopened
 * @param replayWindow a package created longer ago than this is refused as a replay
 * @param zone the offices' time zone: the day a message arrives and working days are counted in it
 * @param deadlines answer deadlines in working days per message type (missing types keep DOMAIN.md's defaults)
 * @param warnBefore working days before a deadline from which a message shows as due soon
 * @param escalateAfter working days after a deadline at which an unanswered message is escalated to the county office
 * @param deadlineCheck how often deadlines are checked for overdue alerts and escalation
 * @param kafka the Kafka transport
 * @param maxPackageRecords at most this many visits of one bulk upload travel in one package (the short-window batch)
 * @param maxBulkVisits at most this many visits in one bulk upload ({@code POST .../visits/bulk}); more is refused whole
 */
@ConfigurationProperties("popgate.migrant")
public record MigrantProperties(
        @DefaultValue("ARTEMIS") Transport transport,
        @DefaultValue("1048576") int maxMessageBytes,
        @DefaultValue("30d") Duration replayWindow,
        @DefaultValue("Asia/Shanghai") ZoneId zone,
        Map<MessageType, Integer> deadlines,
        @DefaultValue("1") int warnBefore,
        @DefaultValue("2") int escalateAfter,
        @DefaultValue("1m") Duration deadlineCheck,
        @DefaultValue Kafka kafka,
        @DefaultValue("250") int maxPackageRecords,
        @DefaultValue("1000") int maxBulkVisits) {

    /** Which broker carries messages between offices. */
    public enum Transport { ARTEMIS, KAFKA }

    /**
     * @param bootstrapServers the Kafka cluster the exchange network shares
     * @param groupId this gateway's consumer group (one per gateway)
     * @param networkKey base64 of the key the exchange network shares for message keys (a keyed hash of the
     *     person's ID, so one person's messages stay in order and the key reveals nothing); 32 bytes
     * @param pollTimeout how long one poll waits
     * @param receiverThreads how many partitions of one poll are applied in parallel (each partition's packages in
     *     order on one thread, so one person's messages stay in order)
     */
    public record Kafka(String bootstrapServers, @DefaultValue("popgate-gateway") String groupId, String networkKey,
            @DefaultValue("500ms") Duration pollTimeout, @DefaultValue("4") int receiverThreads) {}
}
