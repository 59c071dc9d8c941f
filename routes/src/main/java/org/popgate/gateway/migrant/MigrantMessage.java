package org.popgate.gateway.migrant;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.popgate.adapters.migrant.MessageType;

/**
 * One message between migrant offices, as it travels inside an exchange package (one JSON line). It carries the
 * real ID number because the origin office must match its own resident; it exists in clear only inside the
 * package (encrypted to the recipient office) and in memory.
 *
 * @param businessKey the sender's key for this message: the receiver applies each key once
 * @param refersTo the message an amendment, withdrawal or feedback is about, else null
 * @param fields the message type's fields, already minimised ({@link MessageFields})
 */
record MigrantMessage(String businessKey, Kind kind, MessageType type, String sender, String recipient,
        String refersTo, String idNumber, String registrationArea, Map<String, String> fields, Instant sentAt) {

    MigrantMessage {
        Objects.requireNonNull(businessKey, "businessKey");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** What a message does. */
    enum Kind {
        /** A visit or service record (destination to origin). */
        RECORD,
        /** An assistance query (协查) or notification to the other office. */
        QUERY,
        /** The answer (反馈) to a record or query. */
        FEEDBACK,
        /** A correction of a record or query the sender sent earlier. */
        AMENDMENT,
        /** The sender takes back a record or query. */
        WITHDRAWAL
    }

    /** Never prints the ID number or field values. */
    @Override
    public String toString() {
        return "MigrantMessage[" + businessKey + ", " + kind + ", " + type + "]";
    }
}
