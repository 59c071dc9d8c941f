package org.popgate.adapters.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte-built line against the String it replaced: the same JSON, the same UTF-8 bytes. */
class Utf8LineTests {

    @Test
    void encodesJsonStringsExactlyAsTheStringBuilderAndGetBytesDid() {
        Random random = new Random(20261129);
        char[] alphabet = {'a', 'Z', '0', ' ', '"', '\\', '\n', '\r', '\t', 0x01, 0x1f, 0x7f, 'é', 'ß', '李', '秀', '英',
            '\uffff', '\ud83d', '\ude00', '\ud840', '\udc00'};
        Utf8Line line = new Utf8Line();
        for (int round = 0; round < 5_000; round++) {
            char[] chars = new char[random.nextInt(120)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String value = new String(chars);
            line.clear().append('{').append("\"name\"").append(':').appendJsonString(value).append(',')
                    .append("\"字段\":").append("null").append('}');

            String expected = "{\"name\":" + reference(value) + ",\"字段\":null}";
            byte[] actual = Arrays.copyOf(line.bytes(), line.length());
            assertThat(actual).as("value %s", (Object) chars).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
            assertThat(line.toString()).isEqualTo(new String(expected.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
    }

    @Test
    void growsForLongLinesAndStartsAfreshAfterClear() {
        Utf8Line line = new Utf8Line();
        String longValue = "户".repeat(5_000);
        line.appendJsonString(longValue);
        assertThat(line.length()).isEqualTo(2 + 3 * 5_000);
        line.clear().append("ok");
        assertThat(line.toString()).isEqualTo("ok");
    }

    /** The escaping {@code RecordMinimiser} did on a StringBuilder before it built bytes. */
    private static String reference(String value) {
        StringBuilder json = new StringBuilder().append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
