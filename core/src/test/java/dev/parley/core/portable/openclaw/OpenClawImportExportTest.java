package dev.parley.core.portable.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenClawImportExportTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String DIR = "agents/main/sessions/";
    static final String TELEGRAM = "agent:main:telegram:dm:123";
    static final String THREAD = "agent:main:slack:group:acct2:c42:thread171.5";

    @TempDir
    Path source;
    @TempDir
    Path target;
    SessionService service;

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    SessionService open(Path dir) {
        close();
        service = SessionService.open(SessionOptions.defaults(dir)
                .withTimings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5)));
        return service;
    }

    static ObjectNode fixture() throws IOException, URISyntaxException {
        Path root = Path.of(OpenClawImportExportTest.class.getResource("/openclaw").toURI());
        ObjectNode files = Json.object();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        }
        return files;
    }

    List<ObjectNode> history(String key) {
        return service.history(key, 1000, null, false).await().atMost(WAIT).entries();
    }

    @Test
    void theFixtureTreeImportsWithTheRightEntriesAndReportsMappedKeys() throws Exception {
        open(target);
        ObjectNode result = service.importOpenClaw(fixture(), false).await().atMost(WAIT);

        assertThat(result.get("imported")).extracting(JsonNode::asText).containsExactly(TELEGRAM, THREAD);
        assertThat(result.get("mapped")).hasSize(2);
        assertThat(result.at("/mapped/0/from").asText()).isEqualTo("agent:main:telegram:direct:123");
        assertThat(result.at("/mapped/0/reason").asText()).contains("direct is written dm");
        assertThat(result.at("/mapped/1/reason").asText()).contains("account follows the scope").contains("thread");

        List<ObjectNode> h = history(TELEGRAM);
        assertThat(h).extracting(e -> e.get("type").asText()).containsExactly("message", "thinking", "message",
                "message", "message", "settings", "settings", "compact", "settings", "message", "settings");
        assertThat(h.get(1).get("text").asText()).isEqualTo("I should read it");
        assertThat(h.get(2).at("/message/content/0/type").asText()).isEqualTo("tool_use");
        assertThat(h.get(2).at("/message/content/0/input/path").asText()).isEqualTo("a.txt");
        assertThat(h.get(3).at("/message/role").asText()).isEqualTo("tool");
        assertThat(h.get(3).at("/message/content/0/toolUseId").asText()).isEqualTo("call_1");
        assertThat(h.get(5).at("/changes/model/new").asText()).isEqualTo("openai/gpt-4o");
        assertThat(h.get(6).at("/changes/thinkingLevel/new").asText()).isEqualTo("low");
        assertThat(h.get(7).get("firstKeptSeq").asLong()).isEqualTo(h.get(3).get("seq").asLong());
        assertThat(h.get(8).at("/openclawEntry/customType").asText()).isEqualTo("memory.flush");
        assertThat(h.get(10).get("source").asText()).isEqualTo("import");
        assertThat(h.get(10).at("/changes/model/new").asText()).isEqualTo("anthropic/claude-sonnet-4");
        assertThat(h.get(1).get("timestamp").asLong()).isEqualTo(1704067202000L);

        ObjectNode got = service.get(TELEGRAM).await().atMost(WAIT);
        assertThat(got.at("/overrides/thinkingLevel").asText()).isEqualTo("high");
        assertThat(history(THREAD).get(0).at("/provenance/sourceSessionKey").asText()).isEqualTo("agent:main:main");
    }

    @Test
    void unknownSessionsJsonFieldsSurviveImportAndExport() throws Exception {
        open(target);
        service.importOpenClaw(fixture(), false).await().atMost(WAIT);
        ObjectNode files = (ObjectNode) service.exportOpenClaw(TELEGRAM).await().atMost(WAIT).get("files");

        String index = files.get(DIR + "sessions.json").asText();
        assertThat(index).startsWith("{\n  \"agent:main:telegram:direct:123\": {\n");
        JsonNode entry = Json.MAPPER.readTree(index).get("agent:main:telegram:direct:123");
        assertThat(entry.at("/futureField/nested/2").asInt()).isEqualTo(3);
        assertThat(entry.get("sendPolicy").asText()).isEqualTo("allow");
        assertThat(entry.get("label").asText()).isEqualTo("Telegram with 123");
        assertThat(entry.get("providerOverride").asText()).isEqualTo("anthropic");
        String transcript = files.get(DIR + entry.get("sessionId").asText() + ".jsonl").asText();
        assertThat(transcript.lines().findFirst().orElseThrow()).contains("\"version\":3").contains("/home/me/work");
        assertThat(transcript).contains("\"type\":\"compaction\"").contains("\"customType\":\"memory.flush\"")
                .contains("\"type\":\"toolCall\"").contains("\"role\":\"toolResult\"");
    }

    @Test
    void parleyAndOpenClawRoundTripsGiveTheSameHistory() throws Exception {
        open(source);
        service.importOpenClaw(fixture(), false).await().atMost(WAIT);
        ObjectNode think = Json.object().put("type", "thinking").put("text", "hmm");
        ObjectNode call = Json.object().put("type", "tool_call").put("id", "t1").put("name", "read");
        ObjectNode asst = Json.object().put("type", "message");
        asst.putObject("message").put("role", "assistant").put("content", "plain string reply");
        service.append(TELEGRAM, List.of(think, call, asst), null).await().atMost(WAIT);
        service.reset(TELEGRAM, null).await().atMost(WAIT);
        ObjectNode user = Json.object().put("type", "message");
        user.putObject("message").put("role", "user").put("content", "after reset");
        service.append(TELEGRAM, List.of(user), null).await().atMost(WAIT);
        List<ObjectNode> before = history(TELEGRAM);
        long lastSeq = service.get(TELEGRAM).await().atMost(WAIT).get("lastSeq").asLong();
        ObjectNode files = (ObjectNode) service.exportOpenClaw(TELEGRAM).await().atMost(WAIT).get("files");
        ObjectNode doc = service.exportDocument(TELEGRAM).await().atMost(WAIT);
        assertThat(files.size()).isEqualTo(3); // two segments + sessions.json

        open(target);
        service.importOpenClaw(files, false).await().atMost(WAIT);
        assertThat(history(TELEGRAM)).isEqualTo(before);
        assertThat(service.get(TELEGRAM).await().atMost(WAIT).get("lastSeq").asLong()).isEqualTo(lastSeq);
        service.importDocument(doc, true).await().atMost(WAIT);
        assertThat(history(TELEGRAM)).isEqualTo(before);
    }

    @Test
    void exportsAreReproducible() throws Exception {
        open(source);
        service.importOpenClaw(fixture(), false).await().atMost(WAIT);
        JsonNode a = service.exportOpenClaw(THREAD).await().atMost(WAIT);
        JsonNode b = service.exportOpenClaw(THREAD).await().atMost(WAIT);
        assertThat(a).isEqualTo(b);
        assertThat(a.get("files").fieldNames().next()).matches(DIR + "[0-9a-f-]{36}\\.jsonl");
    }

    @Test
    void anExistingKeyIsAConflictUnlessOverwrite() throws Exception {
        open(target);
        ObjectNode tree = fixture();
        service.importOpenClaw(tree, false).await().atMost(WAIT);
        ParleyException e = failure(() -> service.importOpenClaw(tree, false).await().atMost(WAIT));
        assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(service.importOpenClaw(fixture(), true).await().atMost(WAIT).get("imported")).hasSize(2);
    }

    @Test
    void badTreesAreRejectedNamingTheFileAndWriteNothing() throws Exception {
        open(target);
        String t1 = DIR + "5b0d1c2e-1f7a-4f0e-9b1a-0c8d2f3e4a51.jsonl";
        assertRejected(f -> f.put(DIR + "sessions.json", f.get(DIR + "sessions.json").asText()
                .replace("\"sessionId\": \"9e8f7a6b-5c4d-4e3f-8a2b-1c0d9e8f7a6b\",", "")), DIR + "sessions.json", null);
        assertRejected(f -> f.put(t1, f.get(t1).asText().replace("\"parentId\":\"a1b2c3d8\"", "\"parentId\":\"ffffffff\"")),
                t1, 7);
        assertRejected(f -> f.put(t1, f.get(t1).asText().replace("\"toolCallId\":\"call_1\",", "\"toolCallId\":")),
                t1, 4);
        assertRejected(f -> f.put(DIR + "sessions.json", "{ not json"), DIR + "sessions.json", null);
        assertRejected(f -> f.put("agents/main/sessions/../../../etc/passwd", "x"),
                "agents/main/sessions/../../../etc/passwd", null);
        assertRejected(f -> f.put("/abs/path", "x"), "/abs/path", null);
        assertRejected(f -> f.remove(t1), t1, null);
        try (Stream<Path> all = Files.walk(target)) {
            assertThat(all.map(Path::toString).toList()).noneMatch(p -> p.endsWith(".jsonl"));
        }
    }

    void assertRejected(Consumer<ObjectNode> breakIt, String path, Integer line) throws Exception {
        ObjectNode files = fixture();
        breakIt.accept(files);
        ParleyException e = failure(() -> service.importOpenClaw(files, false).await().atMost(WAIT));
        assertThat(e.code()).as(path).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.data().get("field")).as(e.getMessage()).isEqualTo("files[\"" + path + "\"]");
        assertThat(e.data().get("line")).as(e.getMessage()).isEqualTo(line);
    }

    static ParleyException failure(Runnable r) {
        try {
            r.run();
        } catch (CompletionException ce) {
            return (ParleyException) ce.getCause();
        } catch (ParleyException pe) {
            return pe;
        }
        throw new AssertionError("expected a ParleyException");
    }
}
