package dev.parley.app.rpc;

import static dev.parley.app.support.Wire.call;
import static dev.parley.app.support.Wire.freshKey;
import static dev.parley.app.support.Wire.message;
import static dev.parley.app.support.Wire.reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** {@code sessions.export} and {@code sessions.import} in the {@code parley} format over JSON-RPC. */
@QuarkusTest
class PortableRpcTest {

    private static String session() {
        String key = freshKey();
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":[" + message("user", "hello") + ","
                + message("assistant", "hi") + "]}");
        return key;
    }

    private static ObjectNode export(String key) {
        return (ObjectNode) call("sessions.export", "{\"sessionKey\":\"" + key + "\"}").get("document");
    }

    @Test
    void exportedSessionDeletedAndImportedBackHasTheSameHistory() {
        String key = session();
        ObjectNode doc = export(key);
        assertThat(doc.get("format").asText()).isEqualTo("parley");
        assertThat(doc.get("version").asInt()).isEqualTo(1);
        assertThat(doc.at("/metadata/messageCount").asLong()).isEqualTo(2);
        assertThat(doc.get("entries")).extracting(e -> e.get("seq").asLong()).containsExactly(0L, 1L, 2L);
        JsonNode history = call("sessions.history", "{\"sessionKey\":\"" + key + "\"}").get("entries");

        call("sessions.delete", "{\"sessionKey\":\"" + key + "\"}");
        JsonNode result = call("sessions.import", "{\"document\":" + doc + "}");

        assertThat(result.get("imported")).extracting(JsonNode::asText).containsExactly(key);
        assertThat(result.get("mapped")).isEmpty();
        assertThat(result.get("skipped")).isEmpty();
        assertThat(call("sessions.history", "{\"sessionKey\":\"" + key + "\"}").get("entries")).isEqualTo(history);
        assertThat(call("sessions.get", "{\"sessionKey\":\"" + key + "\"}").get("messageCount").asLong())
                .isEqualTo(2);
    }

    @Test
    void importOverALiveSessionIsAConflictUnlessOverwrite() {
        String key = session();
        ObjectNode doc = export(key);
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":[" + message("user", "more") + "]}");

        JsonNode conflict = reply("sessions.import", "{\"document\":" + doc + "}");
        assertThat(conflict.at("/error/data/type").asText()).isEqualTo("CONFLICT");

        call("sessions.import", "{\"document\":" + doc + ",\"overwrite\":true}");
        assertThat(call("sessions.get", "{\"sessionKey\":\"" + key + "\"}").get("lastSeq").asLong()).isEqualTo(2);
    }

    @Test
    void badInputIsInvalidParamsNamingTheField() {
        String key = session();
        ObjectNode doc = export(key);
        ((ArrayNode) doc.get("entries")).remove(1);
        call("sessions.delete", "{\"sessionKey\":\"" + key + "\"}");

        assertInvalid(reply("sessions.import", "{\"document\":" + doc + "}"), "document.entries[1].seq");
        assertThat(reply("sessions.get", "{\"sessionKey\":\"" + key + "\"}").at("/error/data/type").asText())
                .isEqualTo("SESSION_NOT_FOUND");
        assertInvalid(reply("sessions.import", "{}"), "document");
        assertInvalid(reply("sessions.import", "{\"document\":[]}"), "document");
        assertInvalid(reply("sessions.import", "{\"files\":{}}"), "files");
        assertInvalid(reply("sessions.import", "{\"files\":{\"a\":\"b\"},\"document\":" + doc + "}"), "files");
        assertInvalid(reply("sessions.export", "{\"sessionKey\":\"" + key + "\",\"format\":\"yaml\"}"),
                "format");
        assertInvalid(reply("sessions.export", "{}"), "sessionKey");
    }

    @Test
    void openClawFilesExportedOverRpcImportBackWithTheSameHistory() {
        String key = session();
        JsonNode files = call("sessions.export", "{\"sessionKey\":\"" + key + "\",\"format\":\"openclaw\"}")
                .get("files");
        assertThat(files.fieldNames()).toIterable().anyMatch(p -> p.endsWith("/sessions.json"));
        JsonNode history = call("sessions.history", "{\"sessionKey\":\"" + key + "\"}").get("entries");
        call("sessions.delete", "{\"sessionKey\":\"" + key + "\"}");

        JsonNode result = call("sessions.import", "{\"files\":" + files + "}");

        assertThat(result.get("imported")).extracting(JsonNode::asText).containsExactly(key);
        assertThat(call("sessions.history", "{\"sessionKey\":\"" + key + "\"}").get("entries")).isEqualTo(history);
    }

    private static void assertInvalid(JsonNode reply, String field) {
        assertThat(reply.at("/error/data/type").asText()).as(reply.toString()).isEqualTo("INVALID_PARAMS");
        assertThat(reply.at("/error/data/field").asText()).as(reply.toString()).isEqualTo(field);
    }
}
