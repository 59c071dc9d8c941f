package org.popgate.gateway.feeds;

import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.popgate.adapters.feed.Counterpart;

/**
 * The inbound feed routes, one per counterpart and transport, each handing its delivery to the one pipeline
 * (receive ─► open ─► apply ─► audit). Police change files and education rosters arrive as packages in the
 * inbox folders (and, only where configured, as plain files in the trusted folder); civil affairs and health
 * as packages on their Artemis queues; health also over HTTPS ({@link FeedsController}).
 */
class FeedRoutes extends RouteBuilder {

    static final String PIPELINE = "direct:feed-pipeline";
    static final String EXCHANGE_ID_HEADER = "exchangeId";

    private final FeedSteps steps;
    private final FeedsProperties properties;
    private final Path inbox;
    private final FeedSimulators simulators;
    private final Path trusted;

    FeedRoutes(FeedSteps steps, FeedsProperties properties, Path inbox, Path trusted, FeedSimulators simulators) {
        this.steps = steps;
        this.properties = properties;
        this.inbox = inbox;
        this.trusted = trusted;
        this.simulators = simulators;
    }

    /** The queue a department sends its feed packages to: {@code popgate.feed.<member>}. */
    static String queue(String member) {
        return "popgate.feed." + member;
    }

    @Override
    public void configure() {
        from(PIPELINE).routeId("feed-pipeline")
                .bean(steps, "receive")
                .bean(steps, "open")
                .bean(steps, "apply")
                .bean(steps, "audit");
        if (!properties.enabled()) {
            return; // the HTTPS entrance and re-submissions still use the pipeline
        }

        for (Counterpart c : new Counterpart[] {Counterpart.POLICE, Counterpart.EDUCATION}) {
            from(folder(inbox.resolve(c.code()), "*.p7m")).routeId("feed-" + c.code() + "-folder")
                    .process(e -> e.getIn().setBody(steps.packageFile(c,
                            e.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class), e.getIn().getBody(byte[].class))))
                    .to(PIPELINE);
            if (trusted != null) {
                from(folder(trusted.resolve(c.code()), "*")).routeId("feed-" + c.code() + "-trusted-folder")
                        .process(e -> e.getIn().setBody(steps.plainFile(c, e.getIn().getBody(byte[].class))))
                        .to(PIPELINE);
            }
        }
        if (simulators != null) {
            simulators();
        }
        for (Counterpart c : new Counterpart[] {Counterpart.CIVIL_AFFAIRS, Counterpart.HEALTH}) {
            // transacted: a failure rolls the message back onto the queue (Artemis redelivers, then dead-letters).
            // CACHE_CONSUMER: with a transaction manager Spring's listener container otherwise defaults to
            // CACHE_NONE and opens a new consumer on the broker for every receive (once a second on an idle queue).
            from("jms:queue:" + queue(steps.memberOf(c)) + "?transacted=true&cacheLevelName=CACHE_CONSUMER")
                    .routeId("feed-" + c.code() + "-artemis")
                    .process(e -> e.getIn().setBody(steps.queueMessage(c,
                            e.getIn().getHeader(EXCHANGE_ID_HEADER, String.class), e.getIn().getBody(byte[].class))))
                    .to(PIPELINE);
        }
    }

    /** Senders write {@code name.part} and rename when complete, so a file is read only once whole. */
    private void simulators() {
        from("timer:feed-simulators?delay=10000&period=" + properties.simulators().interval().toMillis())
                .routeId("feed-simulators")
                .process(e -> simulators.round());
    }

    private String folder(Path dir, String include) {
        return "file:" + dir.toAbsolutePath() + "?antInclude=" + include + "&antExclude=*.part&readLock=none"
                + "&move=.received&moveFailed=.failed&delay=" + properties.pollDelay().toMillis();
    }
}
