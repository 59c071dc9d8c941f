package org.popgate.audit.event;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;

/**
 * The canonical, deterministic bytes of an event, which are exactly its Merkle leaf ({@code entry} in
 * RFC 9162: leaf hash = H(0x00 || bytes)).
 *
 * <pre>
 * event   = "PGAE" 0x01 field*            ; fields in strictly increasing tag order, absent fields omitted
 * field   = tag:uint8 length:uint32 value ; tag = Field.ordinal() + 1, all integers big-endian
 * value   = event_id: 16 bytes (UUID msb, lsb) | occurred_at: int64 microseconds since the epoch (UTC)
 *         | record_count, subject_count: int64 | digests: raw bytes
 *         | data_categories: uint32 n, n * (uint32 len, UTF-8), sorted, unique
 *         | attributes: uint32 2n, n * (uint32 len, UTF-8 key, uint32 len, UTF-8 value), sorted by key
 *         | type, outcome: their snake_case code in UTF-8 | every other field: UTF-8 text
 * </pre>
 *
 * Decoding is strict: anything that does not re-encode to the same bytes is refused with
 * {@code audit_encoding_invalid}, so every event has exactly one encoding.
 */
public final class CanonicalEncoding {

    static final byte[] MAGIC = {'P', 'G', 'A', 'E', 1};
    /** Upper bound on one encoded event. */
    public static final int MAX_BYTES = 64 * 1024;

    private CanonicalEncoding() {}

    public static byte[] encode(AuditEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(MAGIC);
        for (Field f : Field.values()) {
            if (e.has(f)) {
                byte[] v = value(e, f);
                out.write(f.tag());
                out.writeBytes(ByteBuffer.allocate(4).putInt(v.length).array());
                out.writeBytes(v);
            }
        }
        if (out.size() > MAX_BYTES) {
            throw new AuditException(AuditErrorCode.INVALID_FIELD, "event encodes to more than " + MAX_BYTES + " bytes");
        }
        return out.toByteArray();
    }

    private static byte[] value(AuditEvent e, Field f) {
        return switch (f) {
            case EVENT_ID -> ByteBuffer.allocate(16)
                    .putLong(e.eventId().getMostSignificantBits())
                    .putLong(e.eventId().getLeastSignificantBits())
                    .array();
            case TYPE -> utf8(e.type().code());
            case OCCURRED_AT -> int64(ChronoUnit.MICROS.between(Instant.EPOCH, e.occurredAt()));
            case ACTOR_PERSON -> utf8(e.actor().person());
            case ACTOR_ROLE -> utf8(e.actor().role());
            case ACTOR_MEMBER -> utf8(e.actor().member());
            case ACTOR_DEPARTMENT -> utf8(e.actor().department());
            case ACTOR_CERTIFICATE -> utf8(e.actor().certificate());
            case FLOW -> utf8(e.flow());
            case OPERATION -> utf8(e.operation());
            case DATA_CATEGORIES -> strings(e.dataCategories());
            case RECORD_COUNT -> int64(e.recordCount());
            case SUBJECT_COUNT -> int64(e.subjectCount());
            case SUBJECT_DIGEST -> e.subjectDigest().value();
            case REQUEST_DIGEST -> e.requestDigest().value();
            case RESPONSE_DIGEST -> e.responseDigest().value();
            case PURPOSE -> utf8(e.purpose());
            case LEGAL_BASIS -> utf8(e.legalBasis());
            case APPROVAL_ID -> utf8(e.approvalId());
            case EXCHANGE_ID -> utf8(e.exchangeId());
            case OUTCOME -> utf8(e.outcome().code());
            case REASON -> utf8(e.reason());
            case ATTRIBUTES -> {
                List<String> flat = new ArrayList<>();
                for (Map.Entry<String, String> a : e.attributes().entrySet()) {
                    flat.add(a.getKey());
                    flat.add(a.getValue());
                }
                yield strings(flat);
            }
        };
    }

    /** Decodes canonical bytes; refuses anything non-canonical with {@code audit_encoding_invalid}. */
    public static AuditEvent decode(byte[] bytes) {
        try {
            AuditEvent event = parse(bytes);
            if (!Arrays.equals(encode(event), bytes)) {
                throw bad("bytes are not in canonical form");
            }
            return event;
        } catch (AuditException e) {
            if (e.code() == AuditErrorCode.ENCODING_INVALID) {
                throw e;
            }
            throw new AuditException(AuditErrorCode.ENCODING_INVALID, "decoded event is invalid (" + e.code().code() + ")", e);
        } catch (BufferUnderflowException | IllegalArgumentException | ArithmeticException | DateTimeException
                | NullPointerException e) {
            throw bad("malformed structure");
        }
    }

    private static AuditEvent parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES || bytes.length < MAGIC.length
                || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw bad("unknown magic or version");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length, bytes.length - MAGIC.length);
        String type = null;
        Map<Field, byte[]> fields = new java.util.EnumMap<>(Field.class);
        int last = 0;
        while (in.hasRemaining()) {
            int tag = in.get() & 0xff;
            if (tag <= last || tag > Field.values().length) {
                throw bad("field tags out of order or unknown");
            }
            last = tag;
            int len = in.getInt();
            if (len < 0 || len > in.remaining()) {
                throw bad("field length out of range");
            }
            byte[] v = new byte[len];
            in.get(v);
            fields.put(Field.values()[tag - 1], v);
        }
        byte[] t = fields.get(Field.TYPE);
        EventType eventType = t == null ? null : EventType.ofCode(text(t));
        if (eventType == null) {
            throw bad("missing or unknown event type");
        }
        AuditEvent.Builder b = AuditEvent.builder(eventType).eventId(null).occurredAt(null).outcome(null);
        String[] actor = new String[5];
        long subjectCount = 0;
        Digest subjectDigest = null;
        for (Map.Entry<Field, byte[]> entry : fields.entrySet()) {
            byte[] v = entry.getValue();
            switch (entry.getKey()) {
                case EVENT_ID -> {
                    ByteBuffer u = exact(v, 16);
                    b.eventId(new UUID(u.getLong(), u.getLong()));
                }
                case TYPE -> { }
                case OCCURRED_AT -> b.occurredAt(Instant.EPOCH.plus(exact(v, 8).getLong(), ChronoUnit.MICROS));
                case ACTOR_PERSON -> actor[0] = text(v);
                case ACTOR_ROLE -> actor[1] = text(v);
                case ACTOR_MEMBER -> actor[2] = text(v);
                case ACTOR_DEPARTMENT -> actor[3] = text(v);
                case ACTOR_CERTIFICATE -> actor[4] = text(v);
                case FLOW -> b.flow(text(v));
                case OPERATION -> b.operation(text(v));
                case DATA_CATEGORIES -> b.dataCategories(readStrings(v));
                case RECORD_COUNT -> b.recordCount(exact(v, 8).getLong());
                case SUBJECT_COUNT -> subjectCount = exact(v, 8).getLong();
                case SUBJECT_DIGEST -> subjectDigest = new Digest(v);
                case REQUEST_DIGEST -> b.requestDigest(new Digest(v));
                case RESPONSE_DIGEST -> b.responseDigest(new Digest(v));
                case PURPOSE -> b.purpose(text(v));
                case LEGAL_BASIS -> b.legalBasis(text(v));
                case APPROVAL_ID -> b.approvalId(text(v));
                case EXCHANGE_ID -> b.exchangeId(text(v));
                case OUTCOME -> {
                    Outcome o = Outcome.ofCode(text(v));
                    if (o == null) {
                        throw bad("unknown outcome");
                    }
                    b.outcome(o);
                }
                case REASON -> b.reason(text(v));
                case ATTRIBUTES -> {
                    List<String> flat = readStrings(v);
                    if (flat.size() % 2 != 0) {
                        throw bad("attributes malformed");
                    }
                    for (int i = 0; i < flat.size(); i += 2) {
                        b.attribute(flat.get(i), flat.get(i + 1));
                    }
                }
            }
        }
        b.actor(new Actor(actor[0], actor[1], actor[2], actor[3], actor[4]));
        b.subjectSummary(subjectCount, subjectDigest);
        return b.build();
    }

    private static ByteBuffer exact(byte[] v, int len) {
        if (v.length != len) {
            throw bad("fixed-size field has wrong length");
        }
        return ByteBuffer.wrap(v);
    }

    private static byte[] strings(List<String> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(values.size()).array());
        for (String s : values) {
            byte[] u = utf8(s);
            out.writeBytes(ByteBuffer.allocate(4).putInt(u.length).array());
            out.writeBytes(u);
        }
        return out.toByteArray();
    }

    private static List<String> readStrings(byte[] v) {
        ByteBuffer in = ByteBuffer.wrap(v);
        int n = in.getInt();
        if (n < 0 || n > v.length / 4) {
            throw bad("list count out of range");
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = in.getInt();
            if (len < 0 || len > in.remaining()) {
                throw bad("list entry length out of range");
            }
            byte[] s = new byte[len];
            in.get(s);
            out.add(text(s));
        }
        if (in.hasRemaining()) {
            throw bad("trailing bytes in list");
        }
        return out;
    }

    private static byte[] int64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] v) {
        if (ascii(v)) {
            // Most fields are codes and ids in ASCII, for which every byte is its character: no decoder needed.
            return new String(v, StandardCharsets.US_ASCII);
        }
        try {
            CharBuffer c = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(v));
            return c.toString();
        } catch (CharacterCodingException e) {
            throw bad("invalid UTF-8");
        }
    }

    private static boolean ascii(byte[] v) {
        for (byte b : v) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static AuditException bad(String why) {
        return new AuditException(AuditErrorCode.ENCODING_INVALID, why);
    }
}
