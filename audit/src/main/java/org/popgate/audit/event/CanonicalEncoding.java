package org.popgate.audit.event;

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
    private static final Field[] FIELDS = Field.values();

    private CanonicalEncoding() {}

    public static byte[] encode(AuditEvent e) {
        Out out = new Out();
        out.bytes(MAGIC);
        for (Field f : FIELDS) {
            if (e.has(f)) {
                out.u8(f.tag());
                int length = out.skip4();
                value(e, f, out);
                out.u32At(length, out.size - length - 4);
            }
        }
        if (out.size > MAX_BYTES) {
            throw new AuditException(AuditErrorCode.INVALID_FIELD, "event encodes to more than " + MAX_BYTES + " bytes");
        }
        return Arrays.copyOf(out.buf, out.size);
    }

    private static void value(AuditEvent e, Field f, Out out) {
        switch (f) {
            case EVENT_ID -> {
                out.i64(e.eventId().getMostSignificantBits());
                out.i64(e.eventId().getLeastSignificantBits());
            }
            case TYPE -> out.utf8(e.type().code());
            case OCCURRED_AT -> out.i64(ChronoUnit.MICROS.between(Instant.EPOCH, e.occurredAt()));
            case ACTOR_PERSON -> out.utf8(e.actor().person());
            case ACTOR_ROLE -> out.utf8(e.actor().role());
            case ACTOR_MEMBER -> out.utf8(e.actor().member());
            case ACTOR_DEPARTMENT -> out.utf8(e.actor().department());
            case ACTOR_CERTIFICATE -> out.utf8(e.actor().certificate());
            case FLOW -> out.utf8(e.flow());
            case OPERATION -> out.utf8(e.operation());
            case DATA_CATEGORIES -> {
                out.u32(e.dataCategories().size());
                for (String c : e.dataCategories()) {
                    out.lengthAndUtf8(c);
                }
            }
            case RECORD_COUNT -> out.i64(e.recordCount());
            case SUBJECT_COUNT -> out.i64(e.subjectCount());
            case SUBJECT_DIGEST -> out.bytes(e.subjectDigest().value());
            case REQUEST_DIGEST -> out.bytes(e.requestDigest().value());
            case RESPONSE_DIGEST -> out.bytes(e.responseDigest().value());
            case PURPOSE -> out.utf8(e.purpose());
            case LEGAL_BASIS -> out.utf8(e.legalBasis());
            case APPROVAL_ID -> out.utf8(e.approvalId());
            case EXCHANGE_ID -> out.utf8(e.exchangeId());
            case OUTCOME -> out.utf8(e.outcome().code());
            case REASON -> out.utf8(e.reason());
            case ATTRIBUTES -> {
                out.u32(2 * e.attributes().size());
                for (Map.Entry<String, String> a : e.attributes().entrySet()) {
                    out.lengthAndUtf8(a.getKey());
                    out.lengthAndUtf8(a.getValue());
                }
            }
        }
    }

    /**
     * The bytes being encoded, written in place: one array for the whole event, big-endian integers, each field's
     * length filled in once its value is written. (It replaced a stream with a small buffer for every integer.)
     */
    private static final class Out {
        byte[] buf = new byte[256];
        int size;

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        void u8(int v) {
            ensure(1);
            buf[size++] = (byte) v;
        }

        void u32(int v) {
            ensure(4);
            u32At(size, v);
            size += 4;
        }

        /** Leaves room for a length, filled in by {@link #u32At}; returns where. */
        int skip4() {
            ensure(4);
            size += 4;
            return size - 4;
        }

        void u32At(int at, int v) {
            buf[at] = (byte) (v >>> 24);
            buf[at + 1] = (byte) (v >>> 16);
            buf[at + 2] = (byte) (v >>> 8);
            buf[at + 3] = (byte) v;
        }

        void i64(long v) {
            u32((int) (v >>> 32));
            u32((int) v);
        }

        void bytes(byte[] v) {
            ensure(v.length);
            System.arraycopy(v, 0, buf, size, v.length);
            size += v.length;
        }

        void utf8(String s) {
            bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        void lengthAndUtf8(String s) {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            u32(u.length);
            bytes(u);
        }
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
            if (tag <= last || tag > FIELDS.length) {
                throw bad("field tags out of order or unknown");
            }
            last = tag;
            int len = in.getInt();
            if (len < 0 || len > in.remaining()) {
                throw bad("field length out of range");
            }
            byte[] v = new byte[len];
            in.get(v);
            fields.put(FIELDS[tag - 1], v);
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
