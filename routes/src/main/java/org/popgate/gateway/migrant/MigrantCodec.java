package org.popgate.gateway.migrant;

import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.popgate.adapters.migrant.MessageType;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * A message as one JSON line and back; a line that does not parse is refused without echoing it. Written and read
 * token by token (no tree in between): every message passes here three or four times on its way (the package line,
 * the sender's and the receiver's stored rows), which made the tree model a quarter of the gateway's CPU in the
 * benchmark.
 */
final class MigrantCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MigrantCodec() {}

    static String write(MigrantMessage m) {
        StringWriter out = new StringWriter(384);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("businessKey", m.businessKey());
            g.writeStringProperty("kind", m.kind().name());
            g.writeStringProperty("type", m.type().name());
            g.writeStringProperty("sender", m.sender());
            g.writeStringProperty("recipient", m.recipient());
            if (m.refersTo() != null) {
                g.writeStringProperty("refersTo", m.refersTo());
            }
            g.writeStringProperty("idNumber", m.idNumber());
            g.writeStringProperty("registrationArea", m.registrationArea());
            g.writeName("fields");
            g.writeStartObject();
            for (Map.Entry<String, String> e : m.fields().entrySet()) {
                g.writeStringProperty(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeStringProperty("sentAt", m.sentAt().toString());
            g.writeEndObject();
        }
        return out.toString();
    }

    static MigrantMessage read(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not an object");
            }
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> fields = new LinkedHashMap<>();
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                JsonToken value = p.nextToken();
                if (name.equals("fields") && value == JsonToken.START_OBJECT) {
                    for (String field = p.nextName(); field != null; field = p.nextName()) {
                        fields.put(field, scalar(p, p.nextToken()));
                    }
                } else if (value.isStructStart()) {
                    p.skipChildren();
                } else {
                    values.put(name, value == JsonToken.VALUE_NULL ? null : p.getString());
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content");
            }
            return new MigrantMessage(text(values, "businessKey"), MigrantMessage.Kind.valueOf(text(values, "kind")),
                    MessageType.valueOf(text(values, "type")), text(values, "sender"), text(values, "recipient"),
                    values.get("refersTo"), text(values, "idNumber"), text(values, "registrationArea"), fields,
                    Instant.parse(text(values, "sentAt")));
        } catch (RuntimeException e) {
            throw new MigrantRejection(MigrantReason.MALFORMED, "A message in the package cannot be read.");
        }
    }

    private static String scalar(JsonParser p, JsonToken token) {
        if (token.isStructStart()) {
            throw new IllegalArgumentException("a field holds a structure");
        }
        return token == JsonToken.VALUE_NULL ? "null" : p.getString();
    }

    private static String text(Map<String, String> values, String field) {
        String value = values.get(field);
        if (value == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }
}
