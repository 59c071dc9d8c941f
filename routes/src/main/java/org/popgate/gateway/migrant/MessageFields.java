package org.popgate.gateway.migrant;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.popgate.adapters.migrant.MessageType;

/**
 * Minimisation: the fields each kind of message may carry, and nothing else. A visit record carries only the
 * fields of its service (三查 results, contraception, pregnancy, birth, certificate check); a query its question;
 * feedback its answer. Unknown fields are dropped before anything is signed.
 */
final class MessageFields {

    static final String SERVICE = "service";
    static final int MAX_VALUE = 1000;

    /** The services a destination office records for an in-migrant. */
    enum Service {
        THREE_CHECKS(Set.of("pregnancyCheck", "iudCheck", "reproductiveHealthCheck")),
        CONTRACEPTION(Set.of("contraceptionMethod", "contraceptionSince")),
        PREGNANCY(Set.of("pregnant", "pregnancyWeeks", "expectedDelivery")),
        BIRTH(Set.of("birthDate", "childGender", "birthCertificateNumber")),
        CERTIFICATE_CHECK(Set.of("certificateNumber", "certificateValid", "certificateIssuedBy"));

        private final Set<String> fields;

        Service(Set<String> fields) {
            this.fields = fields;
        }
    }

    private static final Set<String> VISIT_COMMON = Set.of("visitDate");
    private static final Set<String> QUERY = Set.of("question");
    private static final Set<String> FEEDBACK = Set.of("answer", "certificateValid");

    private MessageFields() {}

    /** The fields {@code kind}/{@code type} allow, taken from {@code given}; throws on bad values. */
    static Map<String, String> minimise(MigrantMessage.Kind kind, MessageType type, Service service,
            Map<String, String> given) {
        Set<String> allowed = switch (kind) {
            case RECORD, AMENDMENT -> type == MessageType.VISIT_RECORD ? visit(service) : QUERY;
            case QUERY -> QUERY;
            case FEEDBACK -> FEEDBACK;
            case WITHDRAWAL -> Set.of();
        };
        Map<String, String> kept = new LinkedHashMap<>();
        if (service != null && type == MessageType.VISIT_RECORD && kind != MigrantMessage.Kind.WITHDRAWAL) {
            kept.put(SERVICE, service.name());
        }
        if (given != null) {
            for (Map.Entry<String, String> e : given.entrySet()) {
                if (allowed.contains(e.getKey()) && e.getValue() != null) {
                    if (e.getValue().length() > MAX_VALUE) {
                        throw new IllegalArgumentException("field value too long");
                    }
                    kept.put(e.getKey(), e.getValue());
                }
            }
        }
        return kept;
    }

    private static Set<String> visit(Service service) {
        if (service == null) {
            throw new IllegalArgumentException("a visit record names its service");
        }
        java.util.HashSet<String> all = new java.util.HashSet<>(service.fields);
        all.addAll(VISIT_COMMON);
        return all;
    }
}
