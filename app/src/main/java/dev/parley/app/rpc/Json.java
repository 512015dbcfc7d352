package dev.parley.app.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict JSON in and out for the HTTP surface. Request bodies are decoded as UTF-8 with malformed input
 * reported (never replaced), parsed as exactly one JSON value (trailing tokens and duplicate keys rejected),
 * with decimals kept exact so unknown entry fields travel verbatim.
 */
public final class Json {

    /** Builds response trees. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(NODES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {}

    /** Parses a request body: PARSE_ERROR unless it is valid UTF-8 holding exactly one JSON value. */
    public static JsonNode parse(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ParleyException(ErrorCode.PARSE_ERROR, "request body is not valid UTF-8");
        }
        if (text.isBlank()) {
            throw new ParleyException(ErrorCode.PARSE_ERROR, "request body is empty");
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new ParleyException(ErrorCode.PARSE_ERROR, "request body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            // The parser's own message (without the location dump) is safe and helps the client.
            throw new ParleyException(ErrorCode.PARSE_ERROR, "request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Any value (records, maps, lists of them) as a tree. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Serialises a response tree to UTF-8 bytes. */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
