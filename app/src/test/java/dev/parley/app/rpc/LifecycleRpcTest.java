package dev.parley.app.rpc;

import static dev.parley.app.support.Wire.call;
import static dev.parley.app.support.Wire.freshKey;
import static dev.parley.app.support.Wire.message;
import static dev.parley.app.support.Wire.raw;
import static dev.parley.app.support.Wire.rawJson;
import static dev.parley.app.support.Wire.reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.support.Wire.Reply;
import dev.parley.core.key.FileStems;
import dev.parley.core.lock.SessionLock;
import dev.parley.core.session.SessionService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code sessions.patch}, {@code sessions.reset}, {@code sessions.explain}, {@code sessions.archive} and
 * {@code sessions.restore} with the default configuration (reset mode daily, 04:00–05:00, settings preserved),
 * over JSON-RPC and their REST routes.
 */
@QuarkusTest
class LifecycleRpcTest {

    @Inject
    SessionService sessions;

    @Test
    void patchStoresOverridesAppendsASettingsEntryAndAnswersLikeGet() {
        String key = session("hello");

        JsonNode patched = call("sessions.patch", "{\"sessionKey\":\"" + key
                + "\",\"updates\":{\"thinkingLevel\":\"high\",\"model\":\"anthropic/claude-opus-4-5\"}}");
        assertThat(patched.get("sessionKey").asText()).isEqualTo(key);
        assertThat(patched.at("/overrides/thinkingLevel").asText()).isEqualTo("high");
        assertThat(patched.at("/settings/thinkingLevel").asText()).isEqualTo("high");
        assertThat(patched.at("/settings/model").asText()).isEqualTo("anthropic/claude-opus-4-5");
        assertThat(patched.at("/settings/verboseLevel").asText()).as("default").isEqualTo("off");
        JsonNode got = call("sessions.get", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(((ObjectNode) patched).<JsonNode>without("sessionAge"))
                .isEqualTo(((ObjectNode) got).<JsonNode>without("sessionAge"));

        JsonNode settings = last(key);
        assertThat(settings.get("type").asText()).isEqualTo("settings");
        assertThat(settings.get("source").asText()).isEqualTo("rpc");
        assertThat(settings.at("/changes/thinkingLevel/new").asText()).isEqualTo("high");
        assertThat(settings.at("/changes/thinkingLevel/old").isNull()).isTrue();
    }

    @Test
    void patchOverRestTakesTheUpdatesObjectAndNullClearsAnOverride() {
        String key = session("hello");
        call("sessions.patch", "{\"sessionKey\":\"" + key + "\",\"updates\":{\"verboseLevel\":\"on\"}}");

        Reply rest = rawJson("PATCH", "/sessions/" + key, "{\"updates\":{\"verboseLevel\":null}}");
        assertThat(rest.status()).as(rest.body()).isEqualTo(200);
        assertThat(rest.json().at("/overrides").has("verboseLevel")).isFalse();
        assertThat(rest.json().at("/settings/verboseLevel").asText()).isEqualTo("off");
        JsonNode cleared = last(key);
        assertThat(cleared.at("/changes/verboseLevel/old").asText()).isEqualTo("on");
        assertThat(cleared.at("/changes/verboseLevel/new").isNull()).isTrue();
    }

    @Test
    void patchThatChangesNothingAppendsNothing() {
        String key = session("hello");
        call("sessions.patch", "{\"sessionKey\":\"" + key + "\",\"updates\":{\"sendPolicy\":\"skip\"}}");
        int before = entries(key).size();

        call("sessions.patch", "{\"sessionKey\":\"" + key + "\",\"updates\":{\"sendPolicy\":\"skip\"}}");
        call("sessions.patch", "{\"sessionKey\":\"" + key + "\",\"updates\":{}}");
        assertThat(entries(key)).hasSize(before);
    }

    @Test
    void patchWithAnInvalidValueNamesTheFieldAndWritesNothing() {
        String key = session("hello");
        call("sessions.patch", "{\"sessionKey\":\"" + key + "\",\"updates\":{\"ttsMode\":\"always\"}}");
        List<JsonNode> before = entries(key);
        for (String updates : List.of("{\"thinkingLevel\":\"ultra\"}", "{\"elevated\":\"yes please\"}",
                "{\"ttsMode\":\"off\",\"groupActivation\":\"sometimes\"}", "{\"colour\":\"blue\"}",
                "{\"model\":\"no-provider\"}")) {
            JsonNode error = reply("sessions.patch", "{\"sessionKey\":\"" + key + "\",\"updates\":" + updates + "}")
                    .get("error");
            assertThat(error).as(updates).isNotNull();
            assertThat(error.at("/data/type").asText()).isEqualTo("INVALID_PARAMS");
            assertThat(error.at("/data/field").asText()).as(updates).startsWith("updates.");
        }
        assertThat(reply("sessions.patch", "{\"sessionKey\":\"" + key + "\",\"updates\":{\"thinkingLevel\":\"ultra\"}}")
                .at("/error/data/field").asText()).isEqualTo("updates.thinkingLevel");
        assertThat(entries(key)).isEqualTo(before);
        assertThat(call("sessions.get", "{\"sessionKey\":\"" + key + "\"}").at("/overrides/ttsMode").asText())
                .as("the earlier, valid half of a rejected patch is not applied").isEqualTo("always");
    }

    @Test
    void resetStartsANewActiveHistoryWithAManualResetEntry() {
        String key = session("one", "two");
        JsonNode reset = call("sessions.reset", "{\"sessionKey\":\"" + key + "\",\"note\":\"fresh start\"}");
        assertThat(reset.get("sessionKey").asText()).isEqualTo(key);
        assertThat(reset.get("reset").asBoolean()).isTrue();
        assertThat(reset.get("messagesBefore").asLong()).isEqualTo(2);

        List<JsonNode> active = entries(key);
        assertThat(active).extracting(e -> e.get("type").asText()).containsExactly("reset");
        assertThat(active.get(0).get("reason").asText()).isEqualTo("manual");
        assertThat(active.get(0).get("notice").asText()).isEqualTo("fresh start");
        assertThat(call("sessions.get", "{\"sessionKey\":\"" + key + "\"}").get("messageCount").asLong()).isZero();
    }

    @Test
    void resetOverRestKeepsPreservedSettings() {
        String key = session("one");
        call("sessions.patch", "{\"sessionKey\":\"" + key + "\",\"updates\":{\"thinkingLevel\":\"low\"}}");

        Reply rest = raw("POST", "/sessions/" + key + "/reset");
        assertThat(rest.status()).as(rest.body()).isEqualTo(200);
        assertThat(rest.json().get("messagesBefore").asLong()).isEqualTo(1);
        assertThat(last(key).get("notice").asText()).isEqualTo("Session reset (manual)");
        assertThat(call("sessions.get", "{\"sessionKey\":\"" + key + "\"}").at("/overrides/thinkingLevel").asText())
                .isEqualTo("low");
    }

    @Test
    void resetWhileTheSessionLockIsHeldIsSessionLockedAndWritesNothing() {
        String key = session("one");
        List<JsonNode> before = entries(key);
        try (SessionLock ignored = sessions.locks().acquire(key, FileStems.stem(key), "turn-7")) {
            JsonNode error = reply("sessions.reset", "{\"sessionKey\":\"" + key + "\"}").get("error");
            // One call only: each waits parley.session.lock.timeout (10 s) before giving up.
            assertThat(error.at("/data/type").asText()).isEqualTo("SESSION_LOCKED");
        }
        assertThat(entries(key)).isEqualTo(before);
    }

    @Test
    void explainShowsTheDefaultPolicyItsSourcesAndTheNextReset() {
        String key = session("hello");
        ObjectNode explain = (ObjectNode) call("sessions.explain", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(explain.get("type").asText()).isEqualTo("dm");
        assertThat(explain.at("/reset/mode").asText()).isEqualTo("daily");
        assertThat(explain.at("/reset/idleHours").asLong()).isEqualTo(72);
        assertThat(explain.at("/reset/dailyWindow/start").asText()).isEqualTo("04:00");
        assertThat(explain.at("/reset/dailyWindow/end").asText()).isEqualTo("05:00");
        assertThat(explain.at("/reset/timezone").asText()).isNotBlank();
        assertThat(explain.at("/reset/sources/mode").asText()).isEqualTo("global");
        assertThat(explain.get("nextResetAt").asText()).as("a daily reset is ahead").matches("\\d{4}-.*Z");
        assertThat(explain.get("why").asText()).isNotBlank();
        assertThat(explain.get("wouldCompact").asBoolean()).isFalse();

        Reply rest = raw("GET", "/sessions/" + key + "/explain");
        assertThat(rest.status()).isEqualTo(200);
        assertThat(((ObjectNode) rest.json()).<JsonNode>without("nextResetAt"))
                .isEqualTo(explain.deepCopy().<JsonNode>without("nextResetAt"));
    }

    @Test
    void archiveMovesTheSessionOutOfTheActiveListAndRestoreBringsItBack() {
        String key = session("keep me");
        JsonNode archived = call("sessions.archive", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(archived.get("sessionKey").asText()).isEqualTo(key);
        assertThat(archived.get("status").asText()).isEqualTo("archived");
        assertThat(keys("active")).doesNotContain(key);
        assertThat(keys("archived")).contains(key);
        assertThat(reply("sessions.get", "{\"sessionKey\":\"" + key + "\"}").at("/error/data/type").asText())
                .isEqualTo("SESSION_NOT_FOUND");

        JsonNode restored = call("sessions.restore", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(restored.get("status").asText()).isEqualTo("active");
        assertThat(keys("active")).contains(key);
        assertThat(entries(key)).extracting(e -> e.at("/message/content").asText()).containsExactly("keep me");
    }

    @Test
    void archiveAndRestoreOverRestAndRestoreOfALiveSessionIsAConflict() {
        String key = session("x");
        Reply conflict = raw("POST", "/sessions/" + key + "/restore");
        assertThat(conflict.status()).as(conflict.body()).isEqualTo(409);
        assertThat(conflict.error().at("/data/type").asText()).isEqualTo("CONFLICT");

        Reply archived = raw("POST", "/sessions/" + key + "/archive");
        assertThat(archived.status()).as(archived.body()).isEqualTo(200);
        assertThat(archived.json().get("status").asText()).isEqualTo("archived");
        Reply again = raw("POST", "/sessions/" + key + "/archive");
        assertThat(again.status()).as("an archived session is not live").isEqualTo(404);

        Reply restored = raw("POST", "/sessions/" + key + "/restore");
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.json().get("status").asText()).isEqualTo("active");
    }

    // ---------------------------------------------------------------- helpers

    private static String session(String... texts) {
        String key = freshKey();
        List<String> entries = new ArrayList<>();
        for (String t : texts) {
            entries.add(message("user", t));
        }
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":[" + String.join(",", entries) + "]}");
        return key;
    }

    static List<JsonNode> entries(String key) {
        List<JsonNode> out = new ArrayList<>();
        call("sessions.history", "{\"sessionKey\":\"" + key + "\",\"last\":1000}").get("entries").forEach(out::add);
        return out;
    }

    static JsonNode last(String key) {
        List<JsonNode> all = entries(key);
        return all.get(all.size() - 1);
    }

    private static List<String> keys(String status) {
        List<String> out = new ArrayList<>();
        call("sessions.list", "{\"status\":\"" + status + "\",\"limit\":1000}").get("sessions")
                .forEach(s -> out.add(s.get("sessionKey").asText()));
        return out;
    }
}
