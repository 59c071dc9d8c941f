package org.popgate.gateway.audit;

import java.nio.file.Path;
import java.time.Duration;
import org.popgate.audit.AuditSuite;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit log's settings ({@code popgate.audit.*}).
 *
 * @param member the gateway's own member name, the origin of its checkpoints (e.g. {@code 431128.popgate})
 * @param suite INTL (SHA-256 tree, ECDSA P-256 checkpoints) or GM (SM3 tree, SM2 checkpoints)
 * @param witnessDir the security officers' witness store: a directory outside the gateway's database that
 *     keeps every checkpoint it has seen and refuses one inconsistent with them
 * @param checkpointCheck how often the gateway asks whether a checkpoint is due (the policy decides)
 * @param checkpointInterval a checkpoint at least this often while the log grows
 * @param checkpointMaxEntries or as soon as this many events are not yet covered
 * @param checkpointHeartbeat and at least this often without growth, so witnesses see a fresh signature
 * @param verification how often the whole log is verified (its result is itself an audit event)
 */
@ConfigurationProperties("popgate.audit")
public record AuditProperties(
        @DefaultValue("431128.popgate") String member,
        @DefaultValue("INTL") AuditSuite suite,
        @DefaultValue("./witness") Path witnessDir,
        @DefaultValue("1s") Duration checkpointCheck,
        @DefaultValue("10s") Duration checkpointInterval,
        @DefaultValue("10000") long checkpointMaxEntries,
        @DefaultValue("1h") Duration checkpointHeartbeat,
        @DefaultValue("6h") Duration verification) {}
