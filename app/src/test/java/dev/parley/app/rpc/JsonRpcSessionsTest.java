package dev.parley.app.rpc;

import static dev.parley.app.support.Wire.call;
import static dev.parley.app.support.Wire.freshKey;
import static dev.parley.app.support.Wire.message;
import static dev.parley.app.support.Wire.rpc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.app.support.Wire.Reply;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The first slice's methods over JSON-RPC, against the real server and core. */
@QuarkusTest
class JsonRpcSessionsTest {

    @Test
    void appendedEntriesComeBackInHistoryListGetAndGoAwayOnDelete() {
        String key = freshKey();
        JsonNode appended = call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":["
                + message("user", "Hello") + "," + message("assistant", "Hi!") + "]}");
        assertThat(appended.get("lastSeq").asLong()).isEqualTo(2);
        assertThat(appended.has("duplicate")).as("duplicate is omitted when false").isFalse();

        JsonNode history = call("sessions.history", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(history.get("sessionKey").asText()).isEqualTo(key);
        assertThat(history.get("hasMore").asBoolean()).isFalse();
        assertThat(history.get("entries")).hasSize(2);
        assertThat(history.get("entries").get(0).at("/message/content").asText()).isEqualTo("Hello");
        assertThat(history.get("entries").get(1).get("seq").asLong()).isEqualTo(2);

        JsonNode last = call("sessions.history", "{\"sessionKey\":\"" + key + "\",\"last\":1}");
        assertThat(last.get("entries")).hasSize(1);
        assertThat(last.get("hasMore").asBoolean()).isTrue();

        JsonNode list = call("sessions.list", "{\"channel\":\"whatsapp\",\"limit\":1000}");
        JsonNode row = find(list.get("sessions"), key);
        assertThat(row.get("agentId").asText()).isEqualTo("main");
        assertThat(row.get("channel").asText()).isEqualTo("whatsapp");
        assertThat(row.get("scope").asText()).isEqualTo("dm");
        assertThat(row.get("status").asText()).isEqualTo("active");
        assertThat(row.get("messageCount").asLong()).isEqualTo(2);
        assertThat(row.has("lastActiveAt")).isTrue();

        JsonNode got = call("sessions.get", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(got.get("sessionKey").asText()).isEqualTo(key);
        assertThat(got.get("messageCount").asLong()).isEqualTo(2);

        JsonNode repaired = call("sessions.repair", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(repaired.get("removed")).isEmpty();
        assertThat(repaired.get("truncatedTail").asBoolean()).isFalse();
        assertThat(repaired.has("backup")).isTrue();

        assertThat(call("sessions.delete", "{\"sessionKey\":\"" + key + "\"}").get("deleted").asBoolean()).isTrue();
        Reply gone = rpc("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"sessions.get\",\"params\":{\"sessionKey\":\"" + key + "\"}}");
        assertThat(gone.status()).isEqualTo(200);
        assertThat(gone.error().at("/data/type").asText()).isEqualTo("SESSION_NOT_FOUND");
        assertThat(gone.json().get("id").asInt()).isEqualTo(9);
    }

    @Test
    void aRepeatedIdempotencyKeyIsReportedAsDuplicate() {
        String key = freshKey();
        String entry = "{\"type\":\"message\",\"idempotencyKey\":\"k-1\",\"message\":{\"role\":\"user\",\"content\":\"x\"}}";
        String params = "{\"sessionKey\":\"" + key + "\",\"entries\":[" + entry + "]}";
        assertThat(call("sessions.append", params).get("lastSeq").asLong()).isEqualTo(1);
        JsonNode again = call("sessions.append", params);
        assertThat(again.get("lastSeq").asLong()).isEqualTo(1);
        assertThat(again.get("duplicate").asBoolean()).isTrue();
    }

    @Test
    void resolveNamesTheKeyAgentAndWhetherItExistsWithoutCreatingIt() {
        JsonNode resolved = call("sessions.resolve",
                "{\"channel\":\"telegram\",\"peer\":{\"kind\":\"direct\",\"id\":\"424242\"},\"threadId\":\"42\"}");
        assertThat(resolved.get("sessionKey").asText()).isEqualTo("agent:main:telegram:dm:424242:topic42");
        assertThat(resolved.get("agentId").asText()).isEqualTo("main");
        assertThat(resolved.get("matchedBy").asText()).isEqualTo("default-agent");
        assertThat(resolved.get("exists").asBoolean()).isFalse();
        assertThat(call("sessions.resolve", "{\"channel\":\"telegram\",\"peer\":{\"kind\":\"direct\",\"id\":\"424242\"},"
                + "\"threadId\":\"42\"}").get("exists").asBoolean()).as("resolve creates nothing").isFalse();
    }

    @Test
    void systemStatusCountsSessions() {
        call("sessions.append", "{\"sessionKey\":\"" + freshKey() + "\",\"entries\":[" + message("user", "x") + "]}");
        JsonNode status = call("system.status", "{\"verbose\":true}");
        assertThat(status.get("version").asText()).isNotBlank();
        assertThat(status.get("uptimeMs").asLong()).isNotNegative();
        assertThat(status.at("/sessions/active").asLong()).isPositive();
        assertThat(status.has("storageBytes")).isTrue();
        assertThat(status.get("memory").isObject()).isTrue();
        assertThat(status.has("plugins")).isTrue();
        assertThat(call("system.status", "{}").at("/sessions/active").isNumber()).isTrue();
    }

    @Test
    void aBatchRunsInOrderAndAnswersEveryCallButNotifications() {
        String key = freshKey();
        Reply reply = rpc("[{\"jsonrpc\":\"2.0\",\"method\":\"sessions.append\",\"params\":{\"sessionKey\":\"" + key
                + "\",\"entries\":[" + message("user", "first") + "]}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"h\",\"method\":\"sessions.history\",\"params\":{\"sessionKey\":\"" + key + "\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"no.such.method\"}]");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode answers = reply.json();
        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).get("id").asText()).isEqualTo("h");
        assertThat(answers.get(0).at("/result/entries/0/message/content").asText()).isEqualTo("first");
        assertThat(answers.get(1).get("id").asInt()).isEqualTo(7);
        assertThat(answers.get(1).at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(answers.get(1).at("/error/data/type").asText()).isEqualTo("METHOD_NOT_FOUND");
    }

    @Test
    void aNotificationIsCarriedOutAndAnsweredWith204() {
        String key = freshKey();
        Reply reply = rpc("{\"jsonrpc\":\"2.0\",\"method\":\"sessions.append\",\"params\":{\"sessionKey\":\"" + key
                + "\",\"entries\":[" + message("user", "quiet") + "]}}");
        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
        assertThat(call("sessions.history", "{\"sessionKey\":\"" + key + "\"}").get("entries")).hasSize(1);
    }

    @Test
    void largeHistoryRequestsAreClampedNotRefused() {
        String key = freshKey();
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":[" + message("user", "x") + "]}");
        assertThat(call("sessions.history", "{\"sessionKey\":\"" + key + "\",\"last\":1000000}").get("entries")).hasSize(1);
    }

    private static JsonNode find(JsonNode rows, String key) {
        for (JsonNode row : rows) {
            if (row.get("sessionKey").asText().equals(key)) {
                return row;
            }
        }
        throw new AssertionError(key + " not listed in " + rows);
    }
}
