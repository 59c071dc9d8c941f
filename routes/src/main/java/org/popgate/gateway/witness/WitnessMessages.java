package org.popgate.gateway.witness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The two messages of peer witnessing, as JSON on Kafka. */
final class WitnessMessages {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A publication or answer larger than this is dropped unread (a checkpoint note is under 16 kB). */
    static final int MAX_BYTES = 256 * 1024;

    private WitnessMessages() {}

    /**
     * A checkpoint published to the peers: the signed note and RFC 9162 consistency proofs to its size from every
     * earlier size a peer may hold (what each peer last answered with, and the previous publication).
     */
    record Publication(String publisher, String note, Map<Long, List<byte[]>> proofs) {}

    /** What a witness answers. */
    enum Status {
        /** Consistent with everything seen: the cosignature is the witness's signed acknowledgement. */
        COSIGNED,
        /** Larger than what the witness holds, but no proof from the witness's size came with it. */
        PROOF_NEEDED,
        /** Not cosigned: a bad signature, a rollback or a fork. */
        REFUSED
    }

    /**
     * A witness's answer to {@code note}: its status, the size of the publisher's log it now holds, the encoded
     * {@code Cosignature} when cosigned, the refusal's code otherwise.
     */
    record Answer(String witness, String publisher, String note, Status status, long size, String cosignature,
            String reason) {}

    static byte[] encode(Publication p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "popgate-checkpoint/1");
        o.put("publisher", p.publisher());
        o.put("note", p.note());
        ObjectNode proofs = o.putObject("proofs");
        Base64.Encoder b64 = Base64.getEncoder();
        for (Map.Entry<Long, List<byte[]>> e : new TreeMap<>(p.proofs()).entrySet()) {
            ArrayNode hashes = proofs.putArray(Long.toString(e.getKey()));
            e.getValue().forEach(h -> hashes.add(b64.encodeToString(h)));
        }
        return JSON.writeValueAsBytes(o);
    }

    static Publication publication(byte[] bytes) {
        JsonNode o = read(bytes, "popgate-checkpoint/1");
        Map<Long, List<byte[]>> proofs = new TreeMap<>();
        Base64.Decoder b64 = Base64.getDecoder();
        for (Map.Entry<String, JsonNode> e : o.path("proofs").properties()) {
            List<byte[]> hashes = new ArrayList<>();
            e.getValue().forEach(h -> hashes.add(b64.decode(h.asString())));
            proofs.put(Long.parseLong(e.getKey()), hashes);
        }
        return new Publication(text(o, "publisher"), text(o, "note"), proofs);
    }

    static byte[] encode(Answer a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "popgate-cosignature-answer/1");
        o.put("witness", a.witness());
        o.put("publisher", a.publisher());
        o.put("note", a.note());
        o.put("status", a.status().name());
        o.put("size", a.size());
        if (a.cosignature() != null) {
            o.put("cosignature", a.cosignature());
        }
        if (a.reason() != null) {
            o.put("reason", a.reason());
        }
        return JSON.writeValueAsBytes(o);
    }

    static Answer answer(byte[] bytes) {
        JsonNode o = read(bytes, "popgate-cosignature-answer/1");
        return new Answer(text(o, "witness"), text(o, "publisher"), text(o, "note"),
                Status.valueOf(text(o, "status")), o.path("size").asLong(-1),
                o.hasNonNull("cosignature") ? o.get("cosignature").asString() : null,
                o.hasNonNull("reason") ? o.get("reason").asString() : null);
    }

    private static JsonNode read(byte[] bytes, String type) {
        if (bytes == null || bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("message missing or too large");
        }
        JsonNode o = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        if (!type.equals(o.path("type").asString())) {
            throw new IllegalArgumentException("not a " + type + " message");
        }
        return o;
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.isString()) {
            throw new IllegalArgumentException("field " + field + " missing");
        }
        return n.asString();
    }
}
