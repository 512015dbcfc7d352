package dev.parley.core.tools;

import static dev.parley.core.tools.ToolsFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.parley.core.session.StoreInvariants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sessions_spawn}: the child's key and task, the recorded parent, the depth and children limits. */
class SpawnToolTest {
    static final String ROOT = "agent:alpha:main";

    @TempDir
    Path dir;
    ToolsFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
            StoreInvariants.check(dir); // every line parses, seq dense, metadata agrees with the transcripts
        }
    }

    ToolsFixture open(Map<String, String> props) {
        f = new ToolsFixture(dir, props);
        f.create(ROOT);
        return f;
    }

    @Test
    void spawnCreatesASubAgentSessionWithTheTaskAndItsParent() {
        open(Map.of());
        ObjectNode r = f.invoke("sessions_spawn", ROOT, "{\"task\":\"summarise the logs\",\"label\":\"logs\","
                + "\"model\":\"openai/gpt-4o\"}");
        assertThat(r.get("status").asText()).isEqualTo("ok");
        String child = r.get("sessionKey").asText();
        assertThat(child).matches("agent:alpha:subagent:[0-9a-f-]{36}");

        List<ObjectNode> entries = f.service.history(child, 10, null, false).await().atMost(WAIT).entries();
        ObjectNode task = entries.get(0);
        assertThat(task.at("/message/content").asText()).isEqualTo("summarise the logs");
        assertThat(task.get("spawnedBy").asText()).isEqualTo(ROOT);
        assertThat(task.get("spawnDepth").asInt()).isEqualTo(1);
        assertThat(task.at("/provenance/sourceSessionKey").asText()).isEqualTo(ROOT);

        ObjectNode meta = f.service.get(child).await().atMost(WAIT);
        assertThat(meta.get("spawnedBy").asText()).isEqualTo(ROOT);
        assertThat(meta.get("label").asText()).isEqualTo("logs");
        assertThat(meta.at("/settings/model").asText()).isEqualTo("openai/gpt-4o");
    }

    @Test
    void aChildCannotSpawnBeyondTheMaxDepth() {
        open(Map.of());
        String child = f.spawn(ROOT, "task");
        ObjectNode r = f.invoke("sessions_spawn", child, "{\"task\":\"deeper\"}");
        assertThat(r.get("status").asText()).isEqualTo("forbidden");
        assertThat(r.get("error").asText()).contains("depth", "max-depth=1");
    }

    @Test
    void liveChildrenAreLimitedAndAnArchivedOneFreesItsPlace() {
        open(Map.of("parley.tools.spawn.max-children", "2"));
        String first = f.spawn(ROOT, "one");
        f.spawn(ROOT, "two");
        f.spawn(f.create("agent:alpha:telegram:dm:7"),
                "someone else's child does not count");
        ObjectNode third = f.invoke("sessions_spawn", ROOT, "{\"task\":\"three\"}");
        assertThat(third.get("status").asText()).isEqualTo("forbidden");
        assertThat(third.get("error").asText()).contains("max-children=2");

        f.service.archive(first).await().atMost(WAIT);
        assertThat(f.invoke("sessions_spawn", ROOT, "{\"task\":\"three\"}").get("status").asText()).isEqualTo("ok");
    }

    @Test
    void racingSpawnsNeverExceedTheChildrenLimit() {
        open(Map.of("parley.tools.spawn.max-children", "3"));
        List<java.util.concurrent.CompletableFuture<ObjectNode>> racing = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            racing.add(f.tools.invoke("sessions_spawn", ROOT, f.params("{\"task\":\"t" + i + "\"}"))
                    .subscribeAsCompletionStage().toCompletableFuture());
        }
        long ok = racing.stream().map(java.util.concurrent.CompletableFuture::join)
                .filter(r -> r.get("status").asText().equals("ok")).count();
        assertThat(ok).isBetween(1L, 3L);
        ObjectNode after = f.invoke("sessions_spawn", ROOT, "{\"task\":\"after the race\"}");
        assertThat(after.get("status").asText()).isEqualTo(ok < 3 ? "ok" : "forbidden");
    }

    @Test
    void anotherAgentOnlyUnderTheAgentToAgentRule() {
        open(Map.of());
        ObjectNode denied = f.invoke("sessions_spawn", ROOT, "{\"task\":\"t\",\"agentId\":\"beta\"}");
        assertThat(denied.get("status").asText()).isEqualTo("forbidden");
        f.close();

        open(Map.of("parley.tools.sessions.visibility", "all", "parley.tools.agent-to-agent.enabled", "true",
                "parley.tools.agent-to-agent.allow", "*"));
        ObjectNode allowed = f.invoke("sessions_spawn", ROOT, "{\"task\":\"t\",\"agentId\":\"beta\"}");
        assertThat(allowed.get("sessionKey").asText()).startsWith("agent:beta:subagent:");
    }

    @Test
    void theParentSurvivesAMetadataRebuild() throws Exception {
        open(Map.of());
        String child = f.spawn(ROOT, "task");
        f.close();
        Path metadata = dir.resolve("agents/alpha/sessions/session-metadata.json");
        assertThat(metadata).exists();
        Files.delete(metadata);

        f = new ToolsFixture(dir, Map.of());
        assertThat(f.service.get(child).await().atMost(WAIT).get("spawnedBy").asText()).isEqualTo(ROOT);
        assertThat(f.invoke("session_status", ROOT, "{\"sessionKey\":\"" + child + "\"}").get("status").asText())
                .as("the parent still sees its child").isEqualTo("ok");
        assertThat(f.invoke("sessions_list", ROOT, "{}").get("sessions").findValuesAsText("sessionKey"))
                .containsExactlyInAnyOrder(ROOT, child);
    }

    @Test
    void badSpawnParamsAreRpcErrorsAndWriteNothing() {
        open(Map.of());
        ParleyException model = f.invokeError("sessions_spawn", ROOT, "{\"task\":\"t\",\"model\":\"no-slash\"}");
        assertThat(model.data().get("field")).isEqualTo("params.model");
        ParleyException agent = f.invokeError("sessions_spawn", ROOT, "{\"task\":\"t\",\"agentId\":\"Bad Agent\"}");
        assertThat(agent.data().get("field")).isEqualTo("params.agentId");
        ParleyException task = f.invokeError("sessions_spawn", ROOT, "{\"task\":\"\"}");
        assertThat(task.data().get("field")).isEqualTo("params.task");
        assertThat(f.service.list(dev.parley.core.session.ListQuery.all()).await().atMost(WAIT).sessions())
                .hasSize(1);
        assertThat(model.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }
}
