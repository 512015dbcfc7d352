package dev.parley.app.rpc;

import static dev.parley.app.support.Wire.call;
import static dev.parley.app.support.Wire.freshKey;
import static dev.parley.app.support.Wire.message;
import static dev.parley.app.support.Wire.raw;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.app.support.Wire.Reply;
import dev.parley.core.key.FileStems;
import dev.parley.core.lock.SessionLock;
import dev.parley.core.session.SessionService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * {@code sessions.context}, {@code sessions.compact}, {@code sessions.status} and {@code compaction.strategies}
 * with the default configuration ({@code auto} with {@code extractive}), over JSON-RPC and their REST routes.
 */
@QuarkusTest
class CompactionRpcTest {

    /** SPEC §5 defaults: 200 000 window − (8 192 output + 2 000 buffer). */
    static final long WINDOW = 200_000;
    static final long RESERVE = 8_192 + 2_000;

    @Inject
    SessionService sessions;

    @Test
    void contextShowsTheBudgetAndTheEntriesOfAFreshSession() {
        String key = freshKey();
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":[" + message("user", "Deploy JIRA-4821?")
                + "," + message("assistant", "Deploying JIRA-4821 to db-7.internal.") + "]}");

        JsonNode context = call("sessions.context", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(context.get("sessionKey").asText()).isEqualTo(key);
        assertThat(context.get("contextWindow").asLong()).isEqualTo(WINDOW);
        assertThat(context.get("reserve").asLong()).isEqualTo(RESERVE);
        assertThat(context.get("availableForHistory").asLong()).isEqualTo(WINDOW - RESERVE);
        assertThat(context.get("estimatedTokens").asLong()).isBetween(1L, 100L);
        assertThat(context.get("overBudget").asBoolean()).isFalse();
        assertThat(context.get("summary").isNull()).as("no compaction yet").isTrue();
        assertThat(context.get("entries")).hasSize(2);
        assertThat(context.at("/entries/0/message/content").asText()).isEqualTo("Deploy JIRA-4821?");
        assertThat(context.at("/entries/1/seq").asLong()).isEqualTo(2);

        Reply rest = raw("GET", "/sessions/" + key + "/context");
        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.json()).isEqualTo(context);
    }

    @Test
    void statusReportsUsageCountsAndNoLockOrQueue() {
        String key = freshKey();
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":[" + message("user", "hello") + ","
                + message("assistant", "hi") + "," + message("user", "bye") + "]}");

        JsonNode status = call("sessions.status", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(status.get("sessionKey").asText()).isEqualTo(key);
        assertThat(status.get("settings").isObject()).isTrue();
        assertThat(status.at("/usage/contextWindow").asLong()).isEqualTo(WINDOW);
        long estimated = status.at("/usage/estimatedTokens").asLong();
        assertThat(estimated).isPositive()
                .isEqualTo(call("sessions.context", "{\"sessionKey\":\"" + key + "\"}").get("estimatedTokens").asLong());
        assertThat(status.at("/usage/percent").asDouble()).isEqualTo(Math.round(1000.0 * estimated / WINDOW) / 10.0);
        assertThat(status.at("/usage/estimatorDrift").isNull()).isTrue();
        assertThat(status.get("messageCount").asLong()).isEqualTo(3);
        assertThat(status.get("compactionCount").asLong()).isZero();
        assertThat(status.get("lastCompaction").isNull()).isTrue();
        assertThat(status.get("lock").isNull()).isTrue();
        assertThat(status.get("queueDepth").asInt()).isZero();

        Reply rest = raw("GET", "/sessions/" + key + "/status");
        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.json()).isEqualTo(status);
    }

    @Test
    void statusNamesTheHolderOfTheSessionsLock() {
        String key = freshKey();
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":[" + message("user", "hello") + "]}");
        try (SessionLock ignored = sessions.locks().acquire(key, FileStems.stem(key), "turn-42")) {
            JsonNode lock = call("sessions.status", "{\"sessionKey\":\"" + key + "\"}").get("lock");
            assertThat(lock.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(lock.get("hostname").asText()).isNotBlank();
            assertThat(lock.get("acquiredAt").asLong()).isPositive();
            assertThat(lock.get("turnId").asText()).isEqualTo("turn-42");
        }
        assertThat(call("sessions.status", "{\"sessionKey\":\"" + key + "\"}").get("lock").isNull()).isTrue();
    }

    @Test
    void compactSummarisesAllButTheRecentTurnsWithTheDefaultAutoStrategy() {
        String key = freshKey();
        StringBuilder entries = new StringBuilder();
        for (int t = 0; t < 14; t++) {
            entries.append(t == 0 ? "" : ",")
                    .append(message("user", "Turn " + t + ": please check host db-" + t + ".internal for JIRA-48" + t + "."))
                    .append(",")
                    .append(message("assistant", "Checked db-" + t + ".internal; JIRA-48" + t + " is fine."));
        }
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":[" + entries + "]}");

        JsonNode outcome = call("sessions.compact", "{\"sessionKey\":\"" + key + "\",\"instructions\":\"keep the hosts\"}");
        assertThat(outcome.get("compacted").asBoolean()).as(outcome.toString()).isTrue();
        assertThat(outcome.get("turnsRemoved").asInt()).isEqualTo(4); // 14 turns, the recent 10 kept (SPEC §6 default)
        assertThat(outcome.get("strategy").asText()).isEqualTo("auto");
        assertThat(outcome.get("tokensBefore").asLong()).isPositive();
        assertThat(outcome.has("reason")).isFalse();

        JsonNode context = call("sessions.context", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(context.at("/summary/text").asText()).isNotBlank();
        assertThat(context.at("/summary/chunks").isArray()).isTrue();
        assertThat(context.at("/entries/0/message/content").asText()).startsWith("Turn 4:");
        assertThat(context.get("entries")).hasSize(20);

        JsonNode status = call("sessions.status", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(status.get("compactionCount").asInt()).isEqualTo(1);
        assertThat(status.at("/lastCompaction/strategy").asText()).isEqualTo("auto");
        assertThat(status.at("/lastCompaction/reason").asText()).isEqualTo("manual");
        assertThat(status.at("/lastCompaction/turnsRemoved").asInt()).isEqualTo(4);
        assertThat(status.get("messageCount").asInt()).as("compaction removes nothing from the transcript").isEqualTo(28);

        Reply again = raw("POST", "/sessions/" + key + "/compact");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("compacted").asBoolean()).as("nothing older than the recent turns").isFalse();
        assertThat(again.json().get("reason").asText()).isNotBlank();
    }

    @Test
    void strategiesListEveryProviderWithItsDescriptionAndSource() {
        JsonNode s = call("compaction.strategies", "{}");
        assertThat(s.fieldNames()).toIterable().containsExactly("compactors", "summarizers", "estimators");
        JsonNode manual = find(s.get("compactors"), "manual");
        assertThat(manual.get("source").asText()).isEqualTo("built-in");
        assertThat(manual.get("description").asText()).isNotBlank();
        assertThat(find(s.get("compactors"), "prune").get("source").asText()).isEqualTo("built-in");
        assertThat(find(s.get("estimators"), "heuristic").get("source").asText()).isEqualTo("built-in");
        assertThat(find(s.get("compactors"), "auto").get("source").asText()).isEqualTo("built-in");
        assertThat(find(s.get("summarizers"), "extractive").get("source").asText()).isEqualTo("built-in");
        assertThat(find(s.get("summarizers"), "openai").get("source").asText()).isEqualTo("built-in");
        assertThat(find(s.get("estimators"), "tiktoken").get("source").asText()).isEqualTo("built-in");
        for (JsonNode kind : s) {
            for (JsonNode info : kind) {
                assertThat(info.fieldNames()).toIterable().containsExactly("name", "description", "source");
            }
        }

        Reply rest = raw("GET", "/compaction/strategies");
        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.json()).isEqualTo(s);
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
