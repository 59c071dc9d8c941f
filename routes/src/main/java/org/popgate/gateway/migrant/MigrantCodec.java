package org.popgate.gateway.migrant;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.popgate.adapters.migrant.MessageType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A message as one JSON line and back; a line that does not parse is refused without echoing it. */
final class MigrantCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MigrantCodec() {}

    static String write(MigrantMessage m) {
        ObjectNode node = JSON.createObjectNode();
        node.put("businessKey", m.businessKey());
        node.put("kind", m.kind().name());
        node.put("type", m.type().name());
        node.put("sender", m.sender());
        node.put("recipient", m.recipient());
        if (m.refersTo() != null) {
            node.put("refersTo", m.refersTo());
        }
        node.put("idNumber", m.idNumber());
        node.put("registrationArea", m.registrationArea());
        ObjectNode fields = node.putObject("fields");
        m.fields().forEach(fields::put);
        node.put("sentAt", m.sentAt().toString());
        return JSON.writeValueAsString(node);
    }

    static MigrantMessage read(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            Map<String, String> fields = new LinkedHashMap<>();
            JsonNode f = node.get("fields");
            if (f != null) {
                for (Map.Entry<String, JsonNode> e : f.properties()) {
                    fields.put(e.getKey(), e.getValue().asString());
                }
            }
            JsonNode refersTo = node.get("refersTo");
            return new MigrantMessage(text(node, "businessKey"), MigrantMessage.Kind.valueOf(text(node, "kind")),
                    MessageType.valueOf(text(node, "type")), text(node, "sender"), text(node, "recipient"),
                    refersTo == null || refersTo.isNull() ? null : refersTo.asString(), text(node, "idNumber"),
                    text(node, "registrationArea"), fields, Instant.parse(text(node, "sentAt")));
        } catch (RuntimeException e) {
            throw new MigrantRejection(MigrantReason.MALFORMED, "A message in the package cannot be read.");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.asString();
    }
}
