package dev.parley.app.rpc;

import static dev.parley.app.support.Wire.call;
import static dev.parley.app.support.Wire.freshKey;
import static dev.parley.app.support.Wire.message;
import static dev.parley.app.support.Wire.reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.session.SessionService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code tools.list}, {@code tools.invoke} and {@code sessions.send} over the real HTTP server with the default
 * configuration (visibility {@code tree}).
 */
@QuarkusTest
class ToolsRpcTest {

    @Inject
    SessionService sessions;

    private static String session() {
        String key = freshKey();
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":[" + message("user", "hello") + "]}");
        return key;
    }

    private static JsonNode invoke(String tool, String caller, String params) {
        return call("tools.invoke", "{\"tool\":\"" + tool + "\",\"callerSessionKey\":\"" + caller + "\",\"params\":"
                + params + "}");
    }

    private static long lastSeq(String key) {
        return call("sessions.get", "{\"sessionKey\":\"" + key + "\"}").get("lastSeq").asLong();
    }

    @Test
    void toolsListDescribesTheFiveTools() {
        JsonNode tools = call("tools.list", "{}").get("tools");
        assertThat(tools.findValuesAsText("name")).containsExactly("sessions_list", "sessions_history",
                "sessions_send", "sessions_spawn", "session_status");
        assertThat(tools.get(0).at("/inputSchema/additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void aSpawnedChildIsVisibleToItsParentAndASiblingSessionIsNot() {
        String parent = session();
        String other = session();
        JsonNode spawned = invoke("sessions_spawn", parent, "{\"task\":\"count to three\",\"label\":\"counter\"}");
        assertThat(spawned.get("status").asText()).isEqualTo("ok");
        String child = spawned.get("sessionKey").asText();

        JsonNode history = invoke("sessions_history", parent, "{\"sessionKey\":\"" + child + "\"}");
        assertThat(history.get("status").asText()).isEqualTo("ok");
        assertThat(history.at("/entries/0/message/content").asText()).isEqualTo("count to three");
        assertThat(history.get("redacted").asBoolean()).isFalse();

        JsonNode denied = invoke("sessions_history", parent, "{\"sessionKey\":\"" + other + "\"}");
        JsonNode missing = invoke("sessions_history", parent, "{\"sessionKey\":\"" + freshKey() + "\"}");
        assertThat(denied).isEqualTo(missing);
        assertThat(denied.toString()).isEqualTo("{\"status\":\"forbidden\",\"error\":\"not visible\"}");

        JsonNode status = invoke("session_status", child, "{}");
        assertThat(status.get("status").asText()).isEqualTo("ok");
        assertThat(status.get("sessionKey").asText()).isEqualTo(child);
        assertThat(call("sessions.get", "{\"sessionKey\":\"" + child + "\"}").get("spawnedBy").asText())
                .isEqualTo(parent);
    }

    @Test
    void sessionsSendSkipsByDefaultAndWritesAnOperatorMessage() {
        String key = session();
        JsonNode sent = call("sessions.send", "{\"sessionKey\":\"" + key + "\",\"message\":\"from ops\"}");
        assertThat(sent.get("status").asText()).isEqualTo("ok");
        assertThat(sent.get("sent").asBoolean()).isTrue();
        JsonNode last = call("sessions.history", "{\"sessionKey\":\"" + key + "\",\"last\":1}").at("/entries/0");
        assertThat(last.at("/message/content").asText()).isEqualTo("from ops");
        assertThat(last.at("/sender/id").asText()).isEqualTo("operator");
    }

    @Test
    void sessionsSendWithReplyReturnsTheRuntimesAnswer() {
        String key = session();
        ObjectNode answer = Json.object().put("type", "message");
        answer.putObject("message").put("role", "assistant").put("content", "roger");
        Runnable runtime = sessions.onAppend((k, first, entries) -> {
            if (k.equals(key) && entries.get(0).has("sender")) {
                sessions.append(key, List.of(answer), null).subscribe().with(r -> { });
            }
        });
        try {
            JsonNode sent = call("sessions.send", "{\"sessionKey\":\"" + key + "\",\"message\":\"status?\","
                    + "\"replyPolicy\":\"reply\",\"timeoutSeconds\":10}");
            assertThat(sent.get("status").asText()).isEqualTo("ok");
            assertThat(sent.get("reply").asText()).isEqualTo("roger");
        } finally {
            runtime.run();
        }
    }

    @Test
    void sessionsSendToAMissingSessionIsNotFound() {
        JsonNode error = reply("sessions.send", "{\"sessionKey\":\"" + freshKey() + "\",\"message\":\"x\"}")
                .get("error");
        assertThat(error.at("/data/type").asText()).isEqualTo("SESSION_NOT_FOUND");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "tools.invoke  | {\"tool\":\"nope\",\"callerSessionKey\":\"KEY\"}                                  | tool",
        "tools.invoke  | {\"tool\":\"sessions_list\"}                                                      | callerSessionKey",
        "tools.invoke  | {\"tool\":\"sessions_list\",\"callerSessionKey\":\"KEY\",\"params\":{\"x\":1}}   | params.x",
        "tools.invoke  | {\"tool\":\"sessions_send\",\"callerSessionKey\":\"KEY\",\"params\":{\"sessionKey\":\"KEY\"}} | params.message",
        "tools.invoke  | {\"tool\":\"sessions_list\",\"callerSessionKey\":\"KEY\",\"params\":[]}          | params",
        "tools.invoke  | {\"tool\":\"session_status\",\"callerSessionKey\":\"agent::x\"}                   | callerSessionKey",
        "tools.invoke  | {\"tool\":\"session_status\",\"callerSessionKey\":\"KEY\",\"extra\":true}         | extra",
        "sessions.send | {\"sessionKey\":\"KEY\"}                                                           | message",
        "sessions.send | {\"sessionKey\":\"KEY\",\"message\":\"m\",\"replyPolicy\":\"announce\"}          | replyPolicy",
        "sessions.send | {\"sessionKey\":\"KEY\",\"message\":\"m\",\"timeoutSeconds\":\"5\"}              | timeoutSeconds",
        "sessions.send | {\"sessionKey\":\"KEY\",\"message\":\"m\",\"timeoutSeconds\":0}                  | timeoutSeconds",
        "sessions.send | {\"sessionKey\":\"KEY\",\"message\":\"  \"}                                       | message",
    })
    void badParamsAreInvalidParamsNamingTheFieldAndWriteNothing(String method, String params, String field) {
        String key = session();
        JsonNode error = reply(method, params.replace("KEY", key)).get("error");
        assertThat(error).as("error for %s", params).isNotNull();
        assertThat(error.get("code").asInt()).isEqualTo(-32602);
        assertThat(error.at("/data/field").asText()).isEqualTo(field);
        assertThat(lastSeq(key)).isEqualTo(1);
    }
}
