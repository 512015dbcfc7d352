package dev.parley.app.plugins;

import static dev.parley.app.support.Wire.call;
import static dev.parley.app.support.Wire.message;
import static dev.parley.app.support.Wire.rawJson;
import static dev.parley.app.support.Wire.reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.support.Transcripts;
import dev.parley.app.support.Wire;
import dev.parley.app.support.Wire.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Failure injection over RPC and REST (SPEC §6): a compactor or summariser that throws, fails, hangs past the
 * agent's timeout, returns nothing or a summary that fails the quality gate makes {@code sessions.compact} fail with
 * COMPACTION_FAILED (HTTP 503) naming the plugin and its source and saying why, and the transcript gains no byte.
 */
@QuarkusTest
@TestProfile(PluginProfile.class)
class CompactionFailureTest {

    static final int COMPACTION_FAILED = -32009;

    @ParameterizedTest(name = "compactor behaviour {0}")
    @CsvSource({
            "throw,       flaky threw",
            "fail,        endpoint returned HTTP 429",
            "hang,        timed out after 1s",
            "null-result, returned no result"})
    void aFailingCompactorFailsTheCompactionAndWritesNothing(String behaviour, String why) throws Exception {
        String key = conversationOf(PluginProfile.agent("c", behaviour));
        assertFailsWithoutWriting(key, "{\"strategy\":\"flaky\"}", "flaky (" + PluginProfile.FLAKY_JAR + ")", why);
    }

    /**
     * The summariser runs inside {@code auto}: when it fails, {@code data.plugin} names it and its jar (the innermost
     * plugin that failed); when {@code auto} itself gives up (its own 1 s guard fires first on a hang) or its
     * summary fails the quality gate, {@code data.plugin} names auto.
     */
    @ParameterizedTest(name = "summariser behaviour {0}")
    @CsvSource({
            "throw, flaky (flaky.jar), flaky threw",
            "hang,  auto (built-in),   timed out after 1s",
            "empty, flaky (flaky.jar), returned an empty summary",
            "ok,    auto (built-in),   summary lacks the last user request"})
    void aFailingSummariserUnderAutoFailsTheCompactionAndWritesNothing(String behaviour, String plugin, String why)
            throws Exception {
        String key = conversationOf(PluginProfile.agent("s", behaviour));
        assertFailsWithoutWriting(key, "{}", plugin, why);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Compacts {@code key} once over RPC and once over REST; both fail naming {@code plugin} with a reason
     * containing {@code why}, and the transcript keeps every byte.
     */
    private static void assertFailsWithoutWriting(String key, String params, String plugin, String why)
            throws Exception {
        Path transcript = Transcripts.of(PluginProfile.STATE_DIR, key);
        byte[] before = Files.readAllBytes(transcript);

        ObjectNode rpcParams = ((ObjectNode) Wire.JSON.readTree(params)).put("sessionKey", key);
        JsonNode error = reply("sessions.compact", rpcParams.toString()).get("error");
        assertThat(error).as("an error, not a result").isNotNull();
        assertCompactionFailed(error, plugin, why);

        Reply rest = rawJson("POST", "/sessions/" + key + "/compact", params);
        assertThat(rest.status()).as(rest.body()).isEqualTo(503);
        assertThat(rest.body()).doesNotContain("\tat ", "at dev.", "at java.");
        assertCompactionFailed(rest.error(), plugin, why);

        assertThat(Files.readAllBytes(transcript)).as("transcript bytes").isEqualTo(before);
        JsonNode status = call("sessions.status", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(status.get("compactionCount").asInt()).isZero();
        assertThat(status.get("lastCompaction").isNull()).isTrue();
    }

    private static void assertCompactionFailed(JsonNode error, String plugin, String why) {
        assertThat(error.get("code").asInt()).isEqualTo(COMPACTION_FAILED);
        assertThat(error.at("/data/type").asText()).isEqualTo("COMPACTION_FAILED");
        String named = error.at("/data/plugin").asText();
        assertThat(named).isEqualTo(plugin);
        assertThat(error.at("/data/reason").asText()).isNotBlank().contains(why);
        assertThat(error.get("message").asText()).contains(named);
    }

    /** A short conversation (under budget) full of identifiers, for the given agent; its key. */
    private static String conversationOf(String agent) {
        String key = "agent:" + agent + ":slack:dm:" + UUID.randomUUID();
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":["
                + message("user", "Rule: never deploy on Fridays. Please check db-7.internal for JIRA-4810.") + ","
                + message("assistant", "db-7.internal is healthy; JIRA-4810 is closed.") + ","
                + message("user", "We decided to use blue-green. Open task: rotate the key for svc-payments.") + ","
                + message("assistant", "Noted: blue-green, and svc-payments key rotation is open.") + ","
                + message("user", "Deploy JIRA-4821 to db-7.internal after https://ci.example.com/run/991 passes.") + ","
                + message("assistant", "Will deploy JIRA-4821 to db-7.internal once run 991 is green.") + "]}");
        return key;
    }
}
