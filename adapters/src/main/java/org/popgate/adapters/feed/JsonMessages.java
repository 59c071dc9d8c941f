package org.popgate.adapters.feed;

import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import org.popgate.crypto.idnumber.AreaCodes;
import org.popgate.crypto.idnumber.IdNumbers;

/**
 * The part every JSON counterpart shares: read messages, check the schema and ambiguity, map each to a
 * record with a counterpart-specific mapper, and hand the result or the rejection to the sink.
 */
public final class JsonMessages {

    /** What a mapper made of one message: the key (if readable) and the record ({@code null} when rejected). */
    public record Mapped(BusinessKey key, ChangeRecord record) {}

    /** Maps one message; reports field problems through {@code fields}. */
    @FunctionalInterface
    public interface Mapper {
        Mapped map(JsonMessage message, Fields fields);
    }

    private final JsonFeedReader reader;
    private final String schema;
    private final LocalDate today;

    public JsonMessages(JsonFeedReader reader, String schema, LocalDate today) {
        this.reader = reader;
        this.schema = schema;
        this.today = today;
    }

    /** Reads and maps every message; returns how many were read. */
    public long read(InputStream in, ParseSink sink, Mapper mapper) {
        Fields fields = new Fields(new IdNumbers(AreaCodes.shipped()::isKnown, today));
        return reader.read(in, (position, message, notObject) -> {
            if (message == null) {
                sink.rejected(new RejectedRecord(position, null, List.of(Reason.of(FeedRejectCode.NOT_AN_OBJECT)), notObject));
                return;
            }
            fields.reset();
            if (!message.duplicateNames().isEmpty()) {
                sink.rejected(new RejectedRecord(position, null,
                        List.of(Reason.of(FeedRejectCode.BAD_VALUE, "duplicate_name")), message.original()));
                return;
            }
            if (!schema.equals(message.text("schema"))) {
                sink.rejected(new RejectedRecord(position, null,
                        List.of(Reason.of(FeedRejectCode.UNKNOWN_KIND, "schema")), message.original()));
                return;
            }
            Mapped mapped = mapper.map(message, fields);
            if (mapped.record() == null) {
                List<Reason> reasons = fields.ok() ? List.of(Reason.of(FeedRejectCode.MISSING_FIELD, "messageId")) : fields.reasons();
                sink.rejected(new RejectedRecord(position, mapped.key(), reasons, message.original()));
            } else {
                sink.parsed(new ParsedRecord(position, mapped.record(), message.original()));
            }
        });
    }
}
