package org.popgate.gateway.pulls;

import org.apache.camel.builder.RouteBuilder;

/** The pull pipeline as a Camel route: select → minimise → pseudonymise → package → deliver → await receipt. */
final class PullRoutes extends RouteBuilder {

    /** Where the service hands a claimed, approved pull to be executed (request-reply: returns when delivered). */
    static final String EXECUTE = "direct:pull-execute";
    static final String EXECUTE_ROUTE = "pull-execute";

    private final PullSteps steps;

    PullRoutes(PullSteps steps) {
        this.steps = steps;
    }

    @Override
    public void configure() {
        from(EXECUTE).routeId(EXECUTE_ROUTE)
                .onException(Exception.class).handled(false).bean(steps, "failed").end()
                .bean(steps, "select")
                .bean(steps, "minimise")
                .bean(steps, "pseudonymise")
                .bean(steps, "packageRecords")
                .choice()
                    .when(simple("${body.folderDrop}")).bean(steps, "deliverToFolder")
                    .when(simple("${body.kafka}")).bean(steps, "deliverToKafka")
                    .otherwise().bean(steps, "deliverToQueue")
                .end()
                .bean(steps, "awaitReceipt");
    }
}
