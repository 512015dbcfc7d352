package dev.parley.app.rpc;

import static dev.parley.app.rpc.LifecycleRpcTest.entries;
import static dev.parley.app.support.Wire.call;
import static dev.parley.app.support.Wire.rawJson;
import static dev.parley.app.support.Wire.reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.app.support.Wire;
import dev.parley.app.support.Wire.Reply;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code messages.inbound} on open channels (the default policy): key resolution, directives, session commands,
 * idempotency, over JSON-RPC and {@code POST /messages/inbound}.
 */
@QuarkusTest
class InboundRpcTest {

    @Test
    void aMessageIsAppendedToTheResolvedSessionWithItsSender() {
        String peer = peer();
        JsonNode result = inbound(peer, "Deploy JIRA-4821?", ",\"senderId\":\"u1\",\"senderName\":\"Ada\","
                + "\"timestamp\":1700000000000,\"mentioned\":false");
        assertThat(result.get("accepted").asBoolean()).isTrue();
        String key = result.get("sessionKey").asText();
        assertThat(key).isEqualTo("agent:main:telegram:dm:" + peer);
        assertThat(result.get("seq").asLong()).isEqualTo(1);
        assertThat(result.has("reply")).isFalse();
        assertThat(result.has("dropped")).isFalse();

        JsonNode entry = entries(key).get(0);
        assertThat(entry.at("/message/role").asText()).isEqualTo("user");
        assertThat(entry.at("/message/content").asText()).isEqualTo("Deploy JIRA-4821?");
        assertThat(entry.at("/sender/id").asText()).isEqualTo("u1");
        assertThat(entry.at("/sender/name").asText()).isEqualTo("Ada");
        assertThat(entry.get("mentioned").asBoolean(true)).isFalse();
    }

    @Test
    void restInboundIsTheSameMethod() {
        String peer = peer();
        Reply rest = rawJson("POST", "/messages/inbound", "{\"channel\":\"telegram\",\"peer\":{\"kind\":\"dm\",\"id\":\""
                + peer + "\"},\"text\":\"via REST\"}");
        assertThat(rest.status()).as(rest.body()).isEqualTo(200);
        assertThat(rest.json().get("accepted").asBoolean()).isTrue();
        assertThat(rest.json().get("seq").asLong()).isEqualTo(1);
        assertThat(entries(rest.json().get("sessionKey").asText())).extracting(e -> e.at("/message/content").asText())
                .containsExactly("via REST");
    }

    @Test
    void aDirectiveOnlyMessageRepliesAndPersistsASettingsEntryButNoMessage() {
        String peer = peer();
        JsonNode result = inbound(peer, "/think high", "");
        assertThat(result.get("accepted").asBoolean()).isTrue();
        assertThat(result.at("/reply/isError").asBoolean()).isFalse();
        assertThat(result.at("/reply/text").asText()).isNotBlank();
        String key = result.get("sessionKey").asText();

        List<JsonNode> entries = entries(key);
        assertThat(entries).extracting(e -> e.get("type").asText()).containsExactly("settings");
        assertThat(entries.get(0).get("source").asText()).isEqualTo("directive");
        assertThat(entries.get(0).at("/changes/thinkingLevel/new").asText()).isEqualTo("high");
        JsonNode got = call("sessions.get", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(got.at("/settings/thinkingLevel").asText()).isEqualTo("high");
        assertThat(got.get("messageCount").asLong()).isZero();
    }

    @Test
    void directivesBeforeTextArePersistedAndStrippedFromTheAppendedMessage() {
        String peer = peer();
        JsonNode result = inbound(peer, "/think high hello", "");
        String key = result.get("sessionKey").asText();
        List<JsonNode> entries = entries(key);
        assertThat(entries).extracting(e -> e.get("type").asText()).containsExactly("settings", "message");
        assertThat(entries.get(1).at("/message/content").asText()).isEqualTo("hello");
        assertThat(result.get("seq").asLong()).isEqualTo(entries.get(1).get("seq").asLong());
    }

    @Test
    void anInvalidDirectiveValueRepliesWithAnErrorAndWritesNothing() {
        String peer = peer();
        JsonNode first = inbound(peer, "before", "");
        String key = first.get("sessionKey").asText();
        List<JsonNode> before = entries(key);

        JsonNode result = inbound(peer, "/think ultra", "");
        assertThat(result.at("/reply/isError").asBoolean()).isTrue();
        assertThat(result.at("/reply/text").asText()).isNotBlank();
        assertThat(result.has("seq")).isFalse();
        JsonNode mixed = inbound(peer, "/think ultra and some text", "");
        assertThat(mixed.at("/reply/isError").asBoolean()).isTrue();
        assertThat(entries(key)).isEqualTo(before);
        assertThat(call("sessions.get", "{\"sessionKey\":\"" + key + "\"}").at("/settings/thinkingLevel").asText())
                .isEqualTo("off");
    }

    @Test
    void slashResetStartsANewHistoryWithoutAMessage() {
        String peer = peer();
        String key = inbound(peer, "old topic", "").get("sessionKey").asText();

        JsonNode result = inbound(peer, "/reset", "");
        assertThat(result.get("accepted").asBoolean()).isTrue();
        assertThat(result.at("/reply/isError").asBoolean()).isFalse();
        List<JsonNode> entries = entries(key);
        assertThat(entries).extracting(e -> e.get("type").asText()).containsExactly("reset");
        assertThat(entries.get(0).get("reason").asText()).isEqualTo("manual");
    }

    @Test
    void slashNewWithTextMakesTheTextTheFirstMessageOfTheNewHistory() {
        String peer = peer();
        String key = inbound(peer, "old topic", "").get("sessionKey").asText();

        JsonNode result = inbound(peer, "/new hi", "");
        assertThat(result.at("/reply/isError").asBoolean()).isFalse();
        List<JsonNode> entries = entries(key);
        assertThat(entries).extracting(e -> e.get("type").asText()).containsExactly("reset", "message");
        assertThat(entries.get(1).at("/message/content").asText()).isEqualTo("hi");
        assertThat(result.get("seq").asLong()).isEqualTo(entries.get(1).get("seq").asLong());
    }

    @Test
    void theSameIdempotencyKeyTwiceIsADuplicateThatWritesNothing() {
        String peer = peer();
        String idem = ",\"idempotencyKey\":\"msg-" + UUID.randomUUID() + "\"";
        JsonNode first = inbound(peer, "once", idem);
        assertThat(first.has("duplicate")).isFalse();
        JsonNode second = inbound(peer, "once", idem);
        assertThat(second.get("accepted").asBoolean()).isTrue();
        assertThat(second.get("duplicate").asBoolean()).isTrue();
        assertThat(second.get("seq").asLong()).isEqualTo(first.get("seq").asLong());
        assertThat(entries(first.get("sessionKey").asText())).hasSize(1);
    }

    @Test
    void aHeartbeatIsRecordedAsSuchAndAnUnknownKindIsRefused() {
        String peer = peer();
        JsonNode result = inbound(peer, "ping", ",\"kind\":\"heartbeat\"");
        assertThat(entries(result.get("sessionKey").asText()).get(0).get("inboundKind").asText()).isEqualTo("heartbeat");

        JsonNode error = reply("messages.inbound", body(peer(), "x", ",\"kind\":\"gossip\"")).get("error");
        assertThat(error.at("/data/type").asText()).isEqualTo("INVALID_PARAMS");
        assertThat(error.at("/data/field").asText()).isEqualTo("kind");
    }

    // ---------------------------------------------------------------- helpers

    private static String peer() {
        return "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String body(String peer, String text, String extra) {
        return "{\"channel\":\"telegram\",\"peer\":{\"kind\":\"dm\",\"id\":\"" + peer + "\"},\"text\":"
                + Wire.quote(text) + extra + "}";
    }

    private static JsonNode inbound(String peer, String text, String extra) {
        return call("messages.inbound", body(peer, text, extra));
    }
}
