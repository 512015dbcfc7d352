package dev.parley.core.portable;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.FileStems;
import dev.parley.core.key.SessionKey;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import java.io.IOException;
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

class PortableRoundTripTest {
    static final String KEY = "agent:main:whatsapp:dm:+15555550123";
    static final Duration WAIT = Duration.ofSeconds(10);

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
        if (service != null) {
            service.close();
        }
        service = SessionService.open(SessionOptions.defaults(dir)
                .withTimings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5)));
        return service;
    }

    static ObjectNode user(String text) {
        ObjectNode e = Json.object().put("type", "message");
        e.putObject("message").put("role", "user").put("content", text);
        return e;
    }

    ObjectNode exportedSession() {
        open(source);
        service.append(KEY, List.of(user("one"), user("two")), null).await().atMost(WAIT);
        service.patch(KEY, Json.object().put("thinkingLevel", "low")).await().atMost(WAIT);
        ObjectNode compact = Json.object().put("type", "compact").put("summary", "one and two").put("firstKeptSeq", 2);
        service.append(KEY, List.of(compact, user("three")), null).await().atMost(WAIT);
        service.reset(KEY, null).await().atMost(WAIT);
        service.append(KEY, List.of(user("four")), null).await().atMost(WAIT);
        return service.exportDocument(KEY).await().atMost(WAIT);
    }

    static Path transcript(Path stateDir) {
        SessionKey key = SessionKey.parse(KEY, "main");
        return stateDir.resolve("agents/main/sessions").resolve(FileStems.stem(key) + ".jsonl");
    }

    @Test
    void exportThenImportIntoAnEmptyStateDirGivesTheSameTranscriptAndMetadata() throws IOException {
        ObjectNode doc = exportedSession();
        assertThat(doc.get("format").asText()).isEqualTo("parley");
        assertThat(doc.get("entries").get(0).get("type").asText()).isEqualTo("session");
        ObjectNode before = service.get(KEY).await().atMost(WAIT);
        List<String> lines = Files.readAllLines(transcript(source));
        assertThat(doc.get("entries")).hasSize(lines.size());

        open(target);
        ObjectNode result = service.importDocument(doc, false).await().atMost(WAIT);
        assertThat(result.get("imported").get(0).asText()).isEqualTo(KEY);
        assertThat(result.get("mapped")).isEmpty();
        assertThat(Files.readAllLines(transcript(target))).isEqualTo(lines);
        ObjectNode after = service.get(KEY).await().atMost(WAIT);
        for (String field : List.of("messageCount", "compactionCount", "lastSeq")) {
            assertThat(after.get(field)).as(field).isEqualTo(before.get(field));
        }
        assertThat(after.get("overrides")).isEqualTo(before.get("overrides"));
        assertThat(after.at("/overrides/thinkingLevel").asText()).isEqualTo("low");
    }

    @Test
    void importOverALiveKeyIsAConflictUnlessOverwrite() throws IOException {
        ObjectNode doc = exportedSession();
        service.append(KEY, List.of(user("after export")), null).await().atMost(WAIT);
        List<String> live = Files.readAllLines(transcript(source));

        ParleyException e = failure(() -> service.importDocument(doc, false).await().atMost(WAIT));
        assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(Files.readAllLines(transcript(source))).isEqualTo(live);

        service.importDocument(doc, true).await().atMost(WAIT);
        assertThat(Files.readAllLines(transcript(source))).hasSize(live.size() - 1);
        try (Stream<Path> trash = Files.list(source.resolve("agents/main/sessions/trash"))) {
            assertThat(trash.count()).isEqualTo(1);
        }
        assertThat(service.get(KEY).await().atMost(WAIT).get("lastSeq").asLong())
                .isEqualTo(doc.get("entries").size() - 1);
    }

    @Test
    void invalidDocumentsAreRejectedWithTheFieldAndWriteNothing() throws IOException {
        ObjectNode doc = exportedSession();
        open(target);
        assertRejected(doc, d -> ((ArrayNode) d.get("entries")).remove(2), "document.entries[2].seq");
        assertRejected(doc, d -> ((ObjectNode) d.get("entries").get(0)).put("sessionKey", "agent:main:main"),
                "document.entries[0].sessionKey");
        assertRejected(doc, d -> ((ObjectNode) d.get("entries").get(3)).put("type", "bogus"),
                "document.entries[3].type");
        assertRejected(doc, d -> ((ObjectNode) d.get("entries").get(1)).put("type", "session"),
                "document.entries[1].type");
        assertRejected(doc, d -> ((ObjectNode) d.get("entries").get(1)).remove("message"),
                "document.entries[1].message");
        assertRejected(doc, d -> d.put("format", "openclaw"), "document.format");
        assertRejected(doc, d -> d.put("sessionKey", "nope"), "document.sessionKey");
        assertThat(Files.exists(transcript(target))).isFalse();
        try (Stream<Path> files = Files.walk(target.resolve("agents"))) {
            assertThat(files.filter(Files::isRegularFile).map(Path::toString)).noneMatch(p -> p.endsWith(".jsonl"));
        }
    }

    void assertRejected(ObjectNode doc, Consumer<ObjectNode> breakIt, String field) {
        ObjectNode broken = doc.deepCopy();
        breakIt.accept(broken);
        ParleyException e = failure(() -> service.importDocument(broken, false).await().atMost(WAIT));
        assertThat(e.code()).as(field).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.data().get("field")).isEqualTo(field);
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
