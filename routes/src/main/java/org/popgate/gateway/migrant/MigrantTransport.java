package org.popgate.gateway.migrant;

/** Carries sealed packages to the receiving office's gateway: Artemis queues or Kafka topics. */
interface MigrantTransport {

    /** The transport's name in dead letters and metrics. */
    String name();

    /**
     * Sends one package durably (returns once the broker acknowledged it). {@code partitionKey} is the keyed hash
     * of the person's ID under the network key, where the transport orders by key.
     */
    void send(MigrantPackages.Sealed sealed, String partitionKey);
}
