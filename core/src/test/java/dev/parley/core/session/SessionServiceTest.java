package dev.parley.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionServiceTest {
    static final String KEY = "agent:main:whatsapp:dm:+15555550123";

    @TempDir
    Path dir;
    SessionService service;

    @BeforeEach
    void open() {
        service = SessionService.open(options());
    }

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
        StoreInvariants.check(dir);
    }

    SessionOptions options() {
        return SessionOptions.defaults(dir).withTimings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    static ObjectNode user(String text) {
        ObjectNode e = Json.object();
        e.put("type", "message");
        e.putObject("message").put("role", "user").put("content", text);
        return e;
    }

    AppendResult append(String key, ObjectNode... entries) {
        return service.append(key, List.of(entries), null).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void appendedEntriesComeBackInSeqOrderWithDenseSeqs() {
        assertThat(append(KEY, user("one")).lastSeq()).isEqualTo(1);
        assertThat(append(KEY, user("two"), user("three")).lastSeq()).isEqualTo(3);
        HistoryPage page = service.history(KEY, null, null, false).await().indefinitely();
        assertThat(page.entries()).extracting(e -> e.get("seq").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(page.entries()).extracting(e -> e.at("/message/content").asText()).containsExactly("one", "two", "three");
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void historyPagesBackwardsWithBeforeSeq() {
        for (int i = 1; i <= 25; i++) {
            append(KEY, user("m" + i));
        }
        HistoryPage last10 = service.history(KEY, 10, null, false).await().indefinitely();
        assertThat(last10.entries()).extracting(e -> e.get("seq").asLong()).first().isEqualTo(16L);
        assertThat(last10.hasMore()).isTrue();
        HistoryPage before = service.history(KEY, 10, 16L, false).await().indefinitely();
        assertThat(before.entries()).extracting(e -> e.get("seq").asLong()).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
        HistoryPage first = service.history(KEY, 10, 6L, false).await().indefinitely();
        assertThat(first.entries()).extracting(e -> e.get("seq").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(first.hasMore()).isFalse();
    }

    @Test
    void historyStartsAtTheLastReset() {
        append(KEY, user("old"));
        ObjectNode reset = Json.object().put("type", "reset").put("reason", "manual");
        append(KEY, reset);
        append(KEY, user("new"));
        HistoryPage page = service.history(KEY, null, null, false).await().indefinitely();
        assertThat(page.entries()).extracting(e -> e.get("type").asText()).containsExactly("reset", "message");
        assertThat(page.entries().get(0).get("messagesBefore").asLong()).isEqualTo(1);
    }

    @Test
    void repeatedIdempotencyKeyWritesNothingAndReturnsTheOriginalSeq() throws Exception {
        ObjectNode e = user("hi").put("idempotencyKey", "k1");
        append(KEY, e);
        append(KEY, user("other"));
        long size = Files.size(dir.resolve("agents/main/sessions/agent_main_whatsapp_dm_+15555550123.jsonl"));
        AppendResult again = append(KEY, user("hi").put("idempotencyKey", "k1"));
        assertThat(again.duplicate()).isTrue();
        assertThat(again.lastSeq()).isEqualTo(1);
        assertThat(Files.size(dir.resolve("agents/main/sessions/agent_main_whatsapp_dm_+15555550123.jsonl"))).isEqualTo(size);
        assertThatThrownBy(() -> append(KEY, user("changed").put("idempotencyKey", "k1")))
                .isInstanceOfSatisfying(ParleyException.class, p -> assertThat(p.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void idempotencyIsRebuiltFromTheTailAfterRestart() {
        append(KEY, user("hi").put("idempotencyKey", "k1"));
        service.close();
        service = SessionService.open(options());
        assertThat(append(KEY, user("hi").put("idempotencyKey", "k1")).duplicate()).isTrue();
    }

    @Test
    void listOrdersByLastActiveAndPagesWithCursor() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String k = "agent:main:telegram:dm:user" + i;
            keys.add(k);
            ObjectNode e = user("x").put("timestamp", 1_000_000L + i);
            append(k, e);
        }
        ListPage p1 = service.list(new ListQuery(null, null, null, null, null, 3, null)).await().indefinitely();
        assertThat(p1.sessions()).extracting(SessionSummary::sessionKey).containsExactly(keys.get(6), keys.get(5), keys.get(4));
        ListPage p2 = service.list(new ListQuery(null, null, null, null, null, 3, p1.nextCursor())).await().indefinitely();
        assertThat(p2.sessions()).extracting(SessionSummary::sessionKey).containsExactly(keys.get(3), keys.get(2), keys.get(1));
        ListPage p3 = service.list(new ListQuery(null, null, null, null, null, 3, p2.nextCursor())).await().indefinitely();
        assertThat(p3.sessions()).extracting(SessionSummary::sessionKey).containsExactly(keys.get(0));
        assertThat(p3.nextCursor()).isNull();
        ListPage slack = service.list(new ListQuery(null, "slack", null, null, null, null, null)).await().indefinitely();
        assertThat(slack.sessions()).isEmpty();
    }

    @Test
    void deleteMovesTheTranscriptToTrashAndANewMessageStartsFresh() throws Exception {
        append(KEY, user("a"), user("b"));
        service.delete(KEY).await().indefinitely();
        assertThatThrownBy(() -> service.history(KEY, null, null, false).await().indefinitely())
                .isInstanceOfSatisfying(ParleyException.class, p -> assertThat(p.code()).isEqualTo(ErrorCode.SESSION_NOT_FOUND));
        try (var s = Files.list(dir.resolve("agents/main/sessions/trash"))) {
            assertThat(s.toList()).hasSize(1);
        }
        assertThat(append(KEY, user("c")).lastSeq()).isEqualTo(1);
        ObjectNode got = service.get(KEY).await().indefinitely();
        assertThat(got.get("previous")).hasSize(1);
        assertThat(got.get("messageCount").asLong()).isEqualTo(1);
    }

    @Test
    void metadataSurvivesRestartAndIsRebuiltWhenGarbled() throws Exception {
        append(KEY, user("a"), user("b"));
        append("agent:work:slack:group:C1", user("c"));
        ObjectNode before = service.get(KEY).await().indefinitely();
        service.close();
        Path meta = dir.resolve("agents/main/sessions/session-metadata.json");
        Files.writeString(meta, "{ not json");
        service = SessionService.open(options());
        ObjectNode after = service.get(KEY).await().indefinitely();
        before.remove("sessionAge");
        after.remove("sessionAge");
        assertThat(after).isEqualTo(before);
        try (var s = Files.list(meta.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("session-metadata.json.corrupt-"));
        }
    }

    @Test
    void idleTranscriptsAreClosedWhenTooManyAreOpen() throws Exception {
        service.close();
        service = SessionService.open(options().withFsync(dev.parley.core.transcript.FsyncMode.NEVER));
        int n = SessionService.MAX_OPEN_FILES + 200;
        for (int i = 0; i < n; i++) {
            append("agent:main:slack:dm:U" + i, user("x"));
        }
        Thread.sleep(1100);
        for (int i = 0; i < 50; i++) {
            append(KEY, user("poke"));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (service.store().openCount() > SessionService.MAX_OPEN_FILES && System.nanoTime() < deadline) {
            append(KEY, user("poke"));
            Thread.sleep(20);
        }
        assertThat(service.store().openCount()).isLessThanOrEqualTo(SessionService.MAX_OPEN_FILES);
        // Closed sessions reopen transparently.
        assertThat(append("agent:main:slack:dm:U0", user("y")).lastSeq()).isEqualTo(2);
    }

    @Test
    void aTranscriptLeftWithoutHeaderByACrashIsSetAsideAndTheKeyStartsFresh() throws Exception {
        service.close();
        Path sessions = dir.resolve("agents/main/sessions");
        Files.createDirectories(sessions);
        Files.writeString(sessions.resolve("agent_main_whatsapp_dm_+15555550123.jsonl"), "{\"seq\":0,\"type\":\"sess");
        service = SessionService.open(options());
        assertThat(append(KEY, user("hello")).lastSeq()).isEqualTo(1);
        try (var s = Files.list(sessions)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("agent_main_whatsapp_dm_+15555550123.jsonl.torn-"));
        }
    }
}
