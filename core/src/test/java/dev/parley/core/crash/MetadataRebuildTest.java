package dev.parley.core.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import dev.parley.core.session.StoreInvariants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §3.2: the transcripts are the source of truth. With several agents and sessions (some deleted, some
 * deleted and started afresh, once or twice), a metadata store that is missing or unparsable is rebuilt at start into exactly
 * what it held ({@code sessionAge} aside: it is computed on read); an unparsable one is kept as
 * {@code .corrupt-<ms>}. A transcript created after the last metadata flush — a child JVM killed right after an
 * acknowledged append to a brand-new key, or a file copied in — is found at start.
 */
class MetadataRebuildTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final List<String> ACTIVE = List.of("agent:main:whatsapp:dm:+15550001", "agent:main:telegram:group:-100123",
            "agent:main:slack:dm:U1", "agent:work:slack:group:C1", "agent:work:main", "agent:ops:subagent:abc123",
            "agent:main:slack:dm:U3");
    static final List<String> DELETED = List.of("agent:main:discord:dm:gone", "agent:work:signal:dm:bye");

    @TempDir
    Path dir;
    @TempDir
    Path elsewhere;
    Map<String, ObjectNode> originalGets;
    Map<String, JsonNode> originalStores;

    @BeforeEach
    void populate() {
        try (SessionService s = open()) {
            append(s, ACTIVE.get(0), user("hi", 1_700_000_000_000L), assistantBlocks("hello"), tool("42"),
                    toolCall(), thinking(), interSession("agent:main:telegram:group:-100123"),
                    settings());
            append(s, ACTIVE.get(1), user("a", 1_700_000_100_000L), assistant("b"));
            append(s, ACTIVE.get(1), Json.object().put("type", "reset").put("reason", "manual"));
            append(s, ACTIVE.get(1), user("c", 1_700_000_200_000L), assistant("d"), user("e", null));
            append(s, ACTIVE.get(1), Json.object().put("type", "compact").put("summary", "a and b")
                    .put("firstKeptSeq", 5), assistant("f"));
            append(s, ACTIVE.get(2), user("first life", null));
            s.delete(ACTIVE.get(2)).await().atMost(WAIT);
            append(s, ACTIVE.get(2), user("second life", null), assistant("welcome back"));
            append(s, ACTIVE.get(3), user("group", null));
            append(s, ACTIVE.get(4), user("main", null), assistant("of work"));
            append(s, ACTIVE.get(5), user("sub", null));
            for (String k : DELETED) {
                append(s, k, user("soon gone", null));
                s.delete(k).await().atMost(WAIT);
            }
            append(s, DELETED.get(1), user("back", null), assistant("and gone again"));
            s.delete(DELETED.get(1)).await().atMost(WAIT);
            append(s, ACTIVE.get(6), user("life 1", null));
            s.delete(ACTIVE.get(6)).await().atMost(WAIT);
            append(s, ACTIVE.get(6), user("life 2", null), assistant("2"));
            s.delete(ACTIVE.get(6)).await().atMost(WAIT);
            append(s, ACTIVE.get(6), user("life 3", null), assistant("3"), user("3", null));
        }
        originalStores = stores(); // as the writing process left them, before any restart
        originalGets = gets();
        assertThat(originalStores).containsOnlyKeys("main", "work", "ops");
        assertThat(originalStores.get("main").get(DELETED.get(0)).get("status").asText()).isEqualTo("deleted");
        StoreInvariants.check(dir);
    }

    @Test
    void deletedMetadataStoresAreRebuiltEqualToTheOriginals() throws IOException {
        for (String agent : originalStores.keySet()) {
            Files.delete(metadataFile(agent));
        }

        assertThat(gets()).isEqualTo(originalGets);
        assertThat(stores()).isEqualTo(originalStores);
        StoreInvariants.check(dir);
    }

    @Test
    void restartsDoNotAddADeletedPredecessorToPreviousAgain() {
        // Regression: a trash transcript known only from a live entry's 'previous' was adopted again at every
        // start, appending one more copy of the predecessor to 'previous' each time.
        gets();
        gets();

        assertThat(stores()).isEqualTo(originalStores);
        assertThat(originalStores.get("main").get(ACTIVE.get(2)).get("previous")).hasSize(1);
    }

    @Test
    void earlierLivesOfAKeyAreKeptFlatOldestFirst() {
        JsonNode threeLives = originalStores.get("main").get(ACTIVE.get(6)).get("previous");
        assertThat(threeLives).extracting(e -> e.get("messageCount").asLong()).containsExactly(1L, 2L);
        assertThat(threeLives).allSatisfy(e -> assertThat(e.has("previous")).isFalse());
        JsonNode twiceDeleted = originalStores.get("work").get(DELETED.get(1));
        assertThat(twiceDeleted.get("status").asText()).isEqualTo("deleted");
        assertThat(twiceDeleted.get("previous")).singleElement()
                .satisfies(e -> assertThat(e.get("status").asText()).isEqualTo("deleted"));
    }

    @Test
    void garbledMetadataStoresAreRebuiltAndKeptAsCorrupt() throws IOException {
        Map<String, byte[]> garbage = new LinkedHashMap<>();
        byte[] whole = Files.readAllBytes(metadataFile("main"));
        garbage.put("main", Arrays.copyOf(whole, whole.length / 2));
        garbage.put("work", "{\"agent:work:main\": {\"status\": \"active\"}}".getBytes(StandardCharsets.UTF_8));
        garbage.put("ops", "[]".getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> g : garbage.entrySet()) {
            Files.write(metadataFile(g.getKey()), g.getValue());
        }

        assertThat(gets()).isEqualTo(originalGets);
        assertThat(stores()).isEqualTo(originalStores);
        for (Map.Entry<String, byte[]> g : garbage.entrySet()) {
            Path sessions = metadataFile(g.getKey()).getParent();
            try (Stream<Path> files = Files.list(sessions)) {
                assertThat(files.filter(p -> p.getFileName().toString().startsWith("session-metadata.json.corrupt-")))
                        .as("agent %s", g.getKey()).singleElement()
                        .satisfies(p -> assertThat(Files.readAllBytes(p)).isEqualTo(g.getValue()));
            }
        }
        StoreInvariants.check(dir);
    }

    @Test
    void aTranscriptCreatedByAProcessKilledBeforeItsMetadataFlushIsFoundAtStart() throws Exception {
        String key = "agent:work:telegram:dm:latecomer";
        AppenderProcess child = AppenderProcess.start(elsewhere.resolve("child.log"),
                "once", dir.toString(), key, "late-1");
        String ack;
        try {
            ack = child.awaitLine("ACK", Duration.ofSeconds(60));
        } finally {
            child.kill();
        }
        assertThat(ack).as("child log %s", child.log()).isEqualTo("ACK " + key + " 1 1 late-1");
        assertThat(Files.readString(metadataFile("work"))).as("the store was not flushed after the append")
                .doesNotContain("latecomer");

        try (SessionService s = open()) {
            assertThat(StoreAudit.wholeHistory(s, key)).extracting(Payloads::idOf).containsExactly("late-1");
            assertThat(s.get(key).await().atMost(WAIT).get("lastSeq").asLong()).isEqualTo(1);
            assertThat(StoreAudit.listAll(s)).contains(key).containsAll(ACTIVE);
        }
        assertThat(stores().get("work").get(key).get("lastSeq").asLong()).isEqualTo(1);
        Map<String, ObjectNode> after = gets();
        assertThat(after).containsAllEntriesOf(originalGets);
        StoreInvariants.check(dir);
    }

    @Test
    void aDeletionAfterTheLastFlushIsFoundAtStart() throws IOException {
        byte[] flushedBefore = Files.readAllBytes(metadataFile("main"));
        try (SessionService s = open()) {
            s.delete(ACTIVE.get(2)).await().atMost(WAIT);
        }
        Map<String, JsonNode> truth = stores();
        // The process died after moving the transcript to trash/, before its next metadata flush.
        Files.write(metadataFile("main"), flushedBefore);

        try (SessionService s = open()) {
            assertThat(StoreAudit.listAll(s)).doesNotContain(ACTIVE.get(2));
        }
        assertThat(stores()).isEqualTo(truth);
        StoreInvariants.check(dir);
    }

    @Test
    void aTranscriptCopiedInIsFoundAtStart() throws IOException {
        String key = "agent:ops:whatsapp:dm:+15550002";
        try (SessionService s = SessionService.open(SessionOptions.defaults(elsewhere))) {
            append(s, key, user("imported", null), assistant("indeed"));
        }
        Path transcript = elsewhere.resolve("agents/ops/sessions/agent_ops_whatsapp_dm_+15550002.jsonl");
        Files.copy(transcript, metadataFile("ops").resolveSibling(transcript.getFileName()));

        try (SessionService s = open()) {
            assertThat(StoreAudit.wholeHistory(s, key)).extracting(e -> e.at("/message/content").asText())
                    .containsExactly("imported", "indeed");
            assertThat(s.get(key).await().atMost(WAIT).get("messageCount").asLong()).isEqualTo(2);
        }
        assertThat(gets()).containsAllEntriesOf(originalGets);
        StoreInvariants.check(dir);
    }

    /** {@code sessions.get} of every active key after a restart, without {@code sessionAge}. */
    private Map<String, ObjectNode> gets() {
        Map<String, ObjectNode> out = new TreeMap<>();
        try (SessionService s = open()) {
            for (String key : ACTIVE) {
                out.put(key, (ObjectNode) normalized(s.get(key).await().atMost(WAIT)));
            }
        }
        return out;
    }

    /** Every agent's metadata file as stored, without {@code sessionAge}. */
    private Map<String, JsonNode> stores() {
        Map<String, JsonNode> out = new TreeMap<>();
        try (Stream<Path> agents = Files.list(dir.resolve("agents"))) {
            for (Path a : agents.toList()) {
                Path f = a.resolve("sessions/session-metadata.json");
                if (Files.exists(f)) {
                    out.put(a.getFileName().toString(), normalized(Json.MAPPER.readTree(f.toFile())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A copy without any {@code sessionAge} (computed on read), with numbers as parsed from text. */
    private static JsonNode normalized(JsonNode node) {
        try {
            JsonNode copy = Json.MAPPER.readTree(Json.toString(node));
            strip(copy);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove("sessionAge");
            o.elements().forEachRemaining(MetadataRebuildTest::strip);
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(MetadataRebuildTest::strip);
        }
    }

    private Path metadataFile(String agent) {
        return dir.resolve("agents").resolve(agent).resolve("sessions/session-metadata.json");
    }

    private SessionService open() {
        return SessionService.open(SessionOptions.defaults(dir));
    }

    private static void append(SessionService s, String key, ObjectNode... entries) {
        s.append(key, List.of(entries), null).await().atMost(WAIT);
    }

    private static ObjectNode user(String text, Long timestamp) {
        ObjectNode e = Json.object().put("type", "message");
        e.putObject("message").put("role", "user").put("content", text);
        if (timestamp != null) {
            e.put("timestamp", timestamp);
        }
        return e;
    }

    private static ObjectNode assistant(String text) {
        ObjectNode e = Json.object().put("type", "message");
        e.putObject("message").put("role", "assistant").put("content", text);
        return e;
    }

    private static ObjectNode assistantBlocks(String text) {
        ObjectNode e = Json.object().put("type", "message");
        ObjectNode m = e.putObject("message").put("role", "assistant");
        m.putArray("content").addObject().put("type", "text").put("text", text);
        return e;
    }

    private static ObjectNode tool(String result) {
        ObjectNode e = Json.object().put("type", "message");
        ObjectNode m = e.putObject("message").put("role", "tool");
        m.putArray("content").addObject().put("type", "tool_result").put("toolUseId", "t1").put("content", result);
        return e;
    }

    private static ObjectNode toolCall() {
        return Json.object().put("type", "tool_call").put("id", "t1").put("name", "lookup").put("durationMs", 12);
    }

    private static ObjectNode thinking() {
        return Json.object().put("type", "thinking").put("text", "hmm");
    }

    private static ObjectNode interSession(String source) {
        ObjectNode e = user("from a sibling", null);
        e.putObject("provenance").put("kind", "inter_session").put("sourceSessionKey", source).put("hops", 1);
        return e;
    }

    private static ObjectNode settings() {
        ObjectNode e = Json.object().put("type", "settings").put("source", "rpc");
        e.putObject("changes").putObject("verboseLevel").put("old", "off").put("new", "on");
        return e;
    }
}
