package org.popgate.gateway.migrant;

/** Why a delivery went to the dead-letter queue: stable snake_case codes (crypto failures keep their own codes). */
enum MigrantReason {
    /** The delivery names an office this gateway does not host. */
    UNKNOWN_OFFICE("migrant_unknown_office"),
    /** The person is not registered (户籍) in the receiving origin office's county. */
    PERSON_NOT_REGISTERED("migrant_person_not_registered"),
    /** The package is larger than the gateway accepts. */
    MESSAGE_TOO_LARGE("migrant_message_too_large"),
    /** A business key already applied arrives in another package, or the package is older than the replay window. */
    REPLAYED("migrant_replayed_message"),
    /** A message inside the package cannot be read or breaks the message rules. */
    MALFORMED("migrant_malformed_message"),
    /** An amendment, withdrawal or feedback refers to a message the office does not have. */
    UNKNOWN_REFERENCE("migrant_unknown_reference");

    private final String code;

    MigrantReason(String code) {
        this.code = code;
    }

    String code() {
        return code;
    }
}
