package org.popgate.gateway.migrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.migrant.MessageType;

/** The message line format: a round trip keeps every field; a line that does not fit is malformed, not echoed. */
class MigrantCodecTests {

    private static final String ID = "431128199001011234";

    private static MigrantMessage message(String refersTo) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("service", "THREE_CHECKS");
        fields.put("visitDate", "2025-09-26");
        fields.put("note", "含\"引号\"与\\反斜杠\n和换行");
        return new MigrantMessage("0190f0e2-0000-7000-8000-000000000001", MigrantMessage.Kind.AMENDMENT,
                MessageType.VISIT_RECORD, "440305.migrant-office", "431128.migrant-office", refersTo, ID, "431128",
                fields, Instant.parse("2025-09-26T02:03:04.567Z"));
    }

    @Test
    void aMessageSurvivesTheRoundTripWithAndWithoutAReference() {
        for (String refersTo : new String[] {null, "0190f0e2-0000-7000-8000-000000000000"}) {
            MigrantMessage m = message(refersTo);
            String line = MigrantCodec.write(m);
            assertThat(line).doesNotContain("\n");
            assertThat(MigrantCodec.read(line)).isEqualTo(m);
            assertThat(MigrantCodec.read(line).fields()).containsEntry("note", "含\"引号\"与\\反斜杠\n和换行");
        }
    }

    @Test
    void theLineKeepsItsFieldNamesSoOlderGatewaysReadIt() {
        MigrantMessage m = message(null);
        MigrantMessage one = new MigrantMessage(m.businessKey(), m.kind(), m.type(), m.sender(), m.recipient(), null,
                m.idNumber(), m.registrationArea(), Map.of("service", "THREE_CHECKS"), m.sentAt());
        assertThat(MigrantCodec.write(one)).isEqualTo("{\"businessKey\":\"0190f0e2-0000-7000-8000-000000000001\","
                + "\"kind\":\"AMENDMENT\",\"type\":\"VISIT_RECORD\",\"sender\":\"440305.migrant-office\","
                + "\"recipient\":\"431128.migrant-office\",\"idNumber\":\"" + ID + "\",\"registrationArea\":\"431128\","
                + "\"fields\":{\"service\":\"THREE_CHECKS\"},\"sentAt\":\"2025-09-26T02:03:04.567Z\"}");
    }

    @Test
    void unknownPropertiesAreIgnoredAndMissingOrBrokenOnesAreMalformed() {
        String line = MigrantCodec.write(message(null));
        String extended = line.substring(0, line.length() - 1) + ",\"later\":{\"a\":[1,2]},\"flag\":true}";
        assertThat(MigrantCodec.read(extended)).isEqualTo(message(null));
        for (String bad : new String[] {"", "[]", "{", line.replace("\"kind\":\"AMENDMENT\",", ""),
                line.replace("\"sentAt\":\"2025", "\"sentAt\":\"yesterday"), line.replace("AMENDMENT", "GOSSIP"),
                line.replace("\"THREE_CHECKS\"", "{\"x\":1}"),
                line + " {}"}) {
            assertThatThrownBy(() -> MigrantCodec.read(bad)).isInstanceOfSatisfying(MigrantRejection.class, e -> {
                assertThat(e.code()).isEqualTo("migrant_malformed_message");
                assertThat(e.getMessage()).doesNotContain(ID);
            });
        }
    }
}
