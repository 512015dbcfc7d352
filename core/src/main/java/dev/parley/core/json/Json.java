package dev.parley.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The one Jackson mapper core uses: strict parsing (no trailing tokens, no duplicate keys), compact output. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses one JSON object; throws IOException when the bytes are not exactly one JSON object. */
    public static ObjectNode parseObject(byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser p = MAPPER.getFactory().createParser(bytes, offset, length)) {
            var node = MAPPER.readTree(p);
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            if (p.nextToken() != null) {
                throw new IOException("trailing tokens");
            }
            return (ObjectNode) node;
        }
    }

    /** One compact JSON line in UTF-8, with the trailing newline that commits it. */
    public static byte[] line(ObjectNode node) {
        try {
            byte[] body = MAPPER.writeValueAsBytes(node);
            byte[] out = new byte[body.length + 1];
            System.arraycopy(body, 0, out, 0, body.length);
            out[body.length] = '\n';
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
