package dev.parley.app.plugins;

import static dev.parley.app.support.Wire.call;
import static dev.parley.app.support.Wire.message;
import static dev.parley.app.support.Wire.rawJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.app.support.Wire.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A third-party compactor, compiled from its own source tree against only the SPI and dropped into
 * {@code <stateDir>/plugins/} before start, is listed with its jar as source, selected per agent by
 * {@code parley.agents.<id>.compaction.mode}, and really compacts: the model's view keeps the recent turns and
 * the transcript gains one {@code compact} entry naming it.
 */
@QuarkusTest
@TestProfile(PluginProfile.class)
class ThirdPartyPluginTest {

    /** Twelve turns of ~100 tokens each overflow the profile's 1 000-token history budget. */
    static final int TURNS = 12;

    @Test
    void strategiesListThePluginsProvidersWithTheirJarAsSource() {
        JsonNode s = call("compaction.strategies", "{}");
        assertThat(find(s.get("compactors"), "tail-keeper").get("source").asText())
                .isEqualTo(PluginProfile.TAIL_KEEPER_JAR);
        assertThat(find(s.get("compactors"), "tail-keeper").get("description").asText())
                .isEqualTo("Keeps the tail of the conversation");
        assertThat(find(s.get("summarizers"), "first-line").get("source").asText())
                .isEqualTo(PluginProfile.TAIL_KEEPER_JAR);
        assertThat(find(s.get("compactors"), "flaky").get("source").asText()).isEqualTo(PluginProfile.FLAKY_JAR);
        assertThat(find(s.get("estimators"), "flaky").get("source").asText()).isEqualTo(PluginProfile.FLAKY_JAR);
        assertThat(find(s.get("compactors"), "manual").get("source").asText()).isEqualTo("built-in");
        assertThat(find(s.get("estimators"), "heuristic").get("source").asText()).isEqualTo("built-in");
    }

    @Test
    void theAgentsConfiguredPluginCompactsAnOverflowingSessionByItself() throws Exception {
        String key = "agent:tk:telegram:dm:" + UUID.randomUUID();
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":[" + conversation() + "]}");

        JsonNode compact = awaitEntry(key, e -> e.get("type").asText().equals("compact"));
        assertThat(compact.get("strategy").asText()).isEqualTo("tail-keeper");
        assertThat(compact.get("reason").asText()).isEqualTo("overflow");
        assertThat(compact.get("note").asText()).startsWith("tk-note: dropped ");
        int removed = compact.get("turns_removed").asInt();
        assertThat(removed).isBetween(1, TURNS - 2);

        assertKeptTurns(key, removed, compact.get("firstKeptSeq").asLong());
        JsonNode status = call("sessions.status", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(status.get("compactionCount").asInt()).isEqualTo(1);
        assertThat(status.at("/lastCompaction/strategy").asText()).isEqualTo("tail-keeper");
        assertThat(status.at("/lastCompaction/turnsRemoved").asInt()).isEqualTo(removed);
    }

    @Test
    void sessionsCompactRunsThePluginByNameOnRequest() throws Exception {
        String key = "agent:tkm:telegram:dm:" + UUID.randomUUID();
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":[" + conversation() + "]}");
        JsonNode notice = awaitEntry(key, e -> e.path("notice").asBoolean());
        assertThat(notice.at("/message/content").asText()).isEqualTo("Context overflow, run /compact");
        JsonNode before = call("sessions.context", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(before.get("overBudget").asBoolean()).as("manual mode leaves the overflow").isTrue();

        JsonNode outcome = call("sessions.compact", "{\"sessionKey\":\"" + key + "\",\"strategy\":\"tail-keeper\","
                + "\"instructions\":\"keep the deploy plan\"}");
        assertThat(outcome.get("compacted").asBoolean()).as(outcome.toString()).isTrue();
        int removed = outcome.get("turnsRemoved").asInt();
        assertThat(removed).isBetween(1, TURNS - 2);
        assertThat(outcome.get("tokensAfter").asLong()).isLessThan(outcome.get("tokensBefore").asLong());
        assertThat(outcome.has("reason")).isFalse();

        JsonNode compact = lastOfType(history(key), "compact");
        assertThat(compact).as("a compact entry in the history").isNotNull();
        assertThat(compact.get("strategy").asText()).isEqualTo("tail-keeper");
        assertThat(compact.get("reason").asText()).isEqualTo("manual");
        assertThat(compact.get("turns_removed").asInt()).isEqualTo(removed);
        assertKeptTurns(key, removed, compact.get("firstKeptSeq").asLong());
    }

    @Test
    void theRestRouteCompactsLikeTheRpcMethod() throws Exception {
        String key = "agent:tkm:telegram:dm:" + UUID.randomUUID();
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":[" + conversation() + "]}");
        awaitEntry(key, e -> e.path("notice").asBoolean());

        Reply reply = rawJson("POST", "/sessions/" + key + "/compact", "{\"strategy\":\"tail-keeper\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("compacted").asBoolean()).isTrue();
        assertThat(reply.json().get("strategy").asText()).isEqualTo("tail-keeper");
        assertKeptTurns(key, reply.json().get("turnsRemoved").asInt(),
                lastOfType(history(key), "compact").get("firstKeptSeq").asLong());

        Reply again = rawJson("POST", "/sessions/" + key + "/compact", "{\"strategy\":\"tail-keeper\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("compacted").asBoolean()).as("nothing left to drop").isFalse();
        assertThat(again.json().get("reason").asText()).isEqualTo("tk-note: nothing");
    }

    // ---------------------------------------------------------------- helpers

    /** The view after dropping {@code removed} turns: exactly the user messages of the later turns, in order. */
    private static void assertKeptTurns(String key, int removed, long firstKeptSeq) {
        JsonNode context = call("sessions.context", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(context.get("overBudget").asBoolean()).isFalse();
        assertThat(context.get("estimatedTokens").asLong()).isLessThanOrEqualTo(context.get("availableForHistory").asLong());
        List<String> users = new ArrayList<>();
        for (JsonNode e : context.get("entries")) {
            assertThat(e.get("seq").asLong()).isGreaterThanOrEqualTo(firstKeptSeq);
            if (e.at("/message/role").asText().equals("user")) {
                users.add(e.at("/message/content").asText().substring(0, "turn 00 ".length()));
            }
        }
        List<String> expected = new ArrayList<>();
        for (int t = removed; t < TURNS; t++) {
            expected.add(String.format("turn %02d ", t));
        }
        assertThat(users).isEqualTo(expected);
    }

    static String conversation() {
        List<String> entries = new ArrayList<>();
        for (int t = 0; t < TURNS; t++) {
            entries.add(message("user", String.format("turn %02d ", t) + "please check host db-" + t + ".internal "
                    + "x".repeat(180)));
            entries.add(message("assistant", "checked db-" + t + ".internal " + "y".repeat(180)));
        }
        return String.join(",", entries);
    }

    static JsonNode history(String key) {
        return call("sessions.history", "{\"sessionKey\":\"" + key + "\",\"last\":1000}").get("entries");
    }

    static JsonNode lastOfType(JsonNode entries, String type) {
        JsonNode last = null;
        for (JsonNode e : entries) {
            if (e.get("type").asText().equals(type)) {
                last = e;
            }
        }
        return last;
    }

    /** The guard runs after the append is acknowledged: wait (bounded) for the entry it writes. */
    private static JsonNode awaitEntry(String key, Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode e : history(key)) {
                if (wanted.test(e)) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such entry within 20 s: " + history(key));
    }

    static JsonNode find(JsonNode infos, String name) {
        for (JsonNode i : infos) {
            if (i.get("name").asText().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no " + name + " in " + infos);
    }
}
