package dev.parley.core.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;

/** JSON of session lock files. Decoding is lenient: a file that is empty, torn or foreign decodes to empty. */
final class LockFileCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LockFileCodec() {
    }

    static byte[] encode(LockHolder holder) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("sessionKey", holder.sessionKey());
        node.put("pid", holder.pid());
        node.put("startTime", holder.startTime());
        node.put("hostname", holder.hostname());
        node.put("token", holder.token());
        node.put("acquiredAt", holder.acquiredAt());
        if (holder.turnId() != null) {
            node.put("turnId", holder.turnId());
        }
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a lock holder", e);
        }
    }

    static Optional<LockHolder> decode(byte[] bytes) {
        if (bytes.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()
                    || !node.path("sessionKey").isTextual() || !node.path("hostname").isTextual()
                    || !node.path("pid").canConvertToLong() || !node.path("token").canConvertToLong()) {
                return Optional.empty();
            }
            JsonNode turnId = node.path("turnId");
            return Optional.of(new LockHolder(
                    node.get("sessionKey").asText(),
                    node.get("pid").asLong(),
                    node.path("startTime").asLong(0),
                    node.get("hostname").asText(),
                    node.get("token").asLong(),
                    node.path("acquiredAt").asLong(0),
                    turnId.isTextual() ? turnId.asText() : null));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
