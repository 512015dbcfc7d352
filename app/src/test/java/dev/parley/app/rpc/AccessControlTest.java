package dev.parley.app.rpc;

import static dev.parley.app.support.Wire.call;
import static dev.parley.app.support.Wire.rawJson;
import static dev.parley.app.support.Wire.reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.app.support.Wire.Reply;
import dev.parley.core.access.DropReason;
import dev.parley.core.session.SessionService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Inbound access control (SPEC §10.3) through {@code messages.inbound}: telegram is an allowlist, signal is closed
 * to DMs, whatsapp pairs unknown senders. A dropped message creates and appends nothing.
 */
@QuarkusTest
@TestProfile(AccessControlTest.Policies.class)
class AccessControlTest {

    public static class Policies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "parley.state-dir", "target/test-data/access-" + UUID.randomUUID() + "/state",
                    "parley.channels.telegram.dm-policy", "allowlist",
                    "parley.channels.telegram.allow-from", "alice,bob",
                    "parley.channels.signal.dm-policy", "disabled",
                    "parley.channels.whatsapp.dm-policy", "pairing");
        }
    }

    @Inject
    SessionService sessions;

    @Test
    void aSenderOutsideTheAllowlistIsDroppedAndNothingIsCreated() {
        long before = sessions.access().droppedCount(DropReason.NOT_ALLOWLISTED);
        String peer = id();
        JsonNode dropped = inbound("telegram", peer, "mallory", "let me in");
        assertDropped(dropped, "not_allowlisted");
        assertThat(dropped.has("pairing")).isFalse();
        assertAbsent("agent:main:telegram:dm:" + peer);
        assertThat(sessions.access().droppedCount(DropReason.NOT_ALLOWLISTED)).isEqualTo(before + 1);
    }

    @Test
    void anAllowlistedSenderIsAccepted() {
        JsonNode accepted = inbound("telegram", id(), "alice", "hello");
        assertThat(accepted.get("accepted").asBoolean()).as(accepted.toString()).isTrue();
        assertThat(accepted.get("seq").asLong()).isEqualTo(1);
    }

    @Test
    void directMessagesToADisabledChannelAreDroppedEvenOverRest() {
        String peer = id();
        assertDropped(inbound("signal", peer, "alice", "hello"), "dm_disabled");
        Reply rest = rawJson("POST", "/messages/inbound", "{\"channel\":\"signal\",\"peer\":{\"kind\":\"dm\",\"id\":\""
                + peer + "\"},\"text\":\"again\"}");
        assertThat(rest.status()).isEqualTo(200);
        assertDropped(rest.json(), "dm_disabled");
        assertAbsent("agent:main:signal:dm:" + peer);
    }

    @Test
    void heartbeatsSkipAccessControl() {
        JsonNode heartbeat = call("messages.inbound", "{\"channel\":\"signal\",\"peer\":{\"kind\":\"dm\",\"id\":\"" + id()
                + "\"},\"text\":\"ping\",\"kind\":\"heartbeat\"}");
        assertThat(heartbeat.get("accepted").asBoolean()).isTrue();
    }

    @Test
    void anApprovedPairingCodeLetsTheSendersNextMessageIn() {
        String sender = id();
        JsonNode first = inbound("whatsapp", sender, sender, "hi, who is this?");
        assertDropped(first, "pairing_required");
        String code = first.at("/pairing/code").asText();
        assertThat(code).matches("[A-Z2-9]{8}");
        assertThat(Instant.parse(first.at("/pairing/expiresAt").asText())).isAfter(Instant.now());
        assertAbsent("agent:main:whatsapp:dm:" + sender);

        JsonNode listed = call("pairing.list", "{\"channel\":\"whatsapp\"}");
        JsonNode pending = find(listed.get("pending"), code);
        assertThat(pending).as(listed.toString()).isNotNull();
        assertThat(pending.get("senderId").asText()).isEqualTo(sender);
        assertThat(pending.get("channel").asText()).isEqualTo("whatsapp");
        assertThat(Instant.parse(pending.get("expiresAt").asText()))
                .isAfter(Instant.parse(pending.get("createdAt").asText()));
        assertThat(find(call("pairing.list", "{}").get("pending"), code)).as("all channels").isNotNull();
        assertThat(find(call("pairing.list", "{\"channel\":\"telegram\"}").get("pending"), code)).isNull();

        JsonNode approved = call("pairing.approve", "{\"channel\":\"whatsapp\",\"code\":\"" + code + "\"}");
        assertThat(approved.get("channel").asText()).isEqualTo("whatsapp");
        assertThat(approved.get("senderId").asText()).isEqualTo(sender);
        Instant.parse(approved.get("approvedAt").asText());

        JsonNode after = call("pairing.list", "{\"channel\":\"whatsapp\"}");
        assertThat(find(after.get("pending"), code)).isNull();
        assertThat(after.get("approved").findValuesAsText("senderId")).contains(sender);

        JsonNode next = inbound("whatsapp", sender, sender, "now?");
        assertThat(next.get("accepted").asBoolean()).as(next.toString()).isTrue();
        assertThat(next.get("seq").asLong()).isEqualTo(1);
        JsonNode again = reply("pairing.approve", "{\"channel\":\"whatsapp\",\"code\":\"" + code + "\"}").get("error");
        assertThat(again.at("/data/field").asText()).as("a used code approves nothing").isEqualTo("code");
    }

    // ---------------------------------------------------------------- helpers

    private static String id() {
        return "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static JsonNode inbound(String channel, String peer, String sender, String text) {
        return call("messages.inbound", "{\"channel\":\"" + channel + "\",\"peer\":{\"kind\":\"dm\",\"id\":\"" + peer
                + "\"},\"senderId\":\"" + sender + "\",\"text\":\"" + text + "\"}");
    }

    private static void assertDropped(JsonNode result, String reason) {
        assertThat(result.get("accepted").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.get("dropped").asBoolean()).isTrue();
        assertThat(result.get("reason").asText()).isEqualTo(reason);
        assertThat(result.has("seq")).isFalse();
    }

    private static void assertAbsent(String key) {
        assertThat(reply("sessions.get", "{\"sessionKey\":\"" + key + "\"}").at("/error/data/type").asText())
                .isEqualTo("SESSION_NOT_FOUND");
        assertThat(call("sessions.list", "{\"status\":\"all\",\"limit\":1000}").findValuesAsText("sessionKey"))
                .doesNotContain(key);
    }

    private static JsonNode find(JsonNode pending, String code) {
        for (JsonNode p : pending) {
            if (p.get("code").asText().equals(code)) {
                return p;
            }
        }
        return null;
    }
}
