package org.popgate.adapters.feed;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;

/**
 * Streams JSON messages: one object (a message on the broker), a sequence of objects (JSON Lines), or an
 * array of objects (an HTTPS POST batch). Each object becomes a {@link JsonMessage} as soon as it is read;
 * memory holds one message at a time. Input must be UTF-8 (RFC 8259) and is decoded strictly. Jackson's
 * own exception messages can quote the input, so they are never passed on: each maps to a
 * {@link FeedRejectCode}.
 */
public final class JsonFeedReader {

    /** Receives one message at a time; {@code message} is {@code null} when the value was not an object. */
    @FunctionalInterface
    public interface MessageHandler {
        void message(long position, JsonMessage message, String originalIfNotObject);
    }

    private static final int MAX_DEPTH = 8;
    private static final int MAX_FIELDS = 64;

    private final FeedLimits limits;
    private final JsonFactory factory;

    public JsonFeedReader(FeedLimits limits) {
        this.limits = limits;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH + 2)
                        .maxStringLength(Math.min(limits.maxMessageBytes(), 16_384))
                        .maxNameLength(64)
                        .maxNumberLength(20)
                        .build())
                .build();
    }

    /**
     * Reads every message, handing each to {@code handler}; returns how many were read.
     *
     * @throws FeedException when the input as a whole is unacceptable
     */
    public long read(InputStream in, MessageHandler handler) {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        long position = 0;
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), reader)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new FeedException(FeedRejectCode.EMPTY, 1);
            }
            boolean array = t == JsonToken.START_ARRAY;
            if (array) {
                t = p.nextToken();
            }
            while (t != null) {
                if (array && t == JsonToken.END_ARRAY) {
                    if (p.nextToken() != null) {
                        throw new FeedException(FeedRejectCode.BAD_JSON, position + 1);
                    }
                    return position;
                }
                if (++position > limits.maxRecords()) {
                    throw new FeedException(FeedRejectCode.TOO_LARGE, position);
                }
                long start = p.currentTokenLocation().getCharOffset();
                if (t == JsonToken.START_OBJECT) {
                    List<String> duplicates = new ArrayList<>();
                    Map<String, Object> root = readObject(p, 1, start, position, duplicates);
                    handler.message(position, new JsonMessage(root, duplicates), null);
                } else {
                    Object value = readValue(p, t, 1, start, position, new ArrayList<>());
                    Map<String, Object> wrapper = JsonMessage.newObject();
                    wrapper.put("value", value);
                    handler.message(position, null, new JsonMessage(wrapper, List.of()).original());
                }
                t = p.nextToken();
            }
            if (array) {
                throw new FeedException(FeedRejectCode.TRUNCATED, position + 1);
            }
            return position;
        } catch (UnexpectedEndOfInputException e) {
            throw new FeedException(FeedRejectCode.TRUNCATED, position + 1);
        } catch (StreamConstraintsException e) {
            throw new FeedException(FeedRejectCode.TOO_LARGE, Math.max(position, 1));
        } catch (JacksonIOException e) {
            throw new FeedException(e.getCause() instanceof CharacterCodingException
                    ? FeedRejectCode.BAD_ENCODING : FeedRejectCode.UNREADABLE, Math.max(position, 1));
        } catch (JacksonException e) {
            throw new FeedException(FeedRejectCode.BAD_JSON, Math.max(position, 1));
        }
    }

    private Map<String, Object> readObject(JsonParser p, int depth, long start, long position, List<String> duplicates) {
        if (depth > MAX_DEPTH) {
            throw new FeedException(FeedRejectCode.TOO_LARGE, position);
        }
        Map<String, Object> object = JsonMessage.newObject();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            Object value = readValue(p, p.nextToken(), depth, start, position, duplicates);
            if (object.containsKey(name)) {
                duplicates.add(name);
            } else if (object.size() >= MAX_FIELDS) {
                throw new FeedException(FeedRejectCode.TOO_LARGE, position);
            }
            object.put(name, value);
        }
        if (t == null) {
            throw new FeedException(FeedRejectCode.TRUNCATED, position);
        }
        return object;
    }

    private Object readValue(JsonParser p, JsonToken t, int depth, long start, long position, List<String> duplicates) {
        if (t == null) {
            throw new FeedException(FeedRejectCode.TRUNCATED, position);
        }
        if (p.currentTokenLocation().getCharOffset() - start > limits.maxMessageBytes()) {
            throw new FeedException(FeedRejectCode.TOO_LARGE, position);
        }
        return switch (t) {
            case START_OBJECT -> readObject(p, depth + 1, start, position, duplicates);
            case START_ARRAY -> {
                if (depth + 1 > MAX_DEPTH) {
                    throw new FeedException(FeedRejectCode.TOO_LARGE, position);
                }
                List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (list.size() >= MAX_FIELDS) {
                        throw new FeedException(FeedRejectCode.TOO_LARGE, position);
                    }
                    list.add(readValue(p, e, depth + 1, start, position, duplicates));
                }
                yield list;
            }
            case VALUE_STRING -> new JsonMessage.Scalar(p.getString(), true);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> new JsonMessage.Scalar(p.getString(), false);
            case VALUE_NULL -> JsonMessage.NULL;
            default -> throw new FeedException(FeedRejectCode.BAD_JSON, position);
        };
    }
}
