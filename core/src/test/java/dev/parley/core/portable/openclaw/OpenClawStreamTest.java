package dev.parley.core.portable.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.session.Portable;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed {@code openclaw} export (REST) is the same JSON as the in-memory one (RPC). */
class OpenClawStreamTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    SessionService service;

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    String streamed(String key) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OpenClawStream s = Portable.of(service).openOpenClaw(key).await().atMost(WAIT)) {
            s.writeTo(out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyFixtureSessionStreamsTheSameFilesAsTheInMemoryExport() throws Exception {
        service = SessionService.open(SessionOptions.defaults(dir));
        service.importOpenClaw(OpenClawImportExportTest.fixture(), false).await().atMost(WAIT);
        String key = OpenClawImportExportTest.TELEGRAM;
        ObjectNode think = Json.object().put("type", "thinking").put("text", "hmm \"quoted\"\n\u2028 ü");
        ObjectNode asst = Json.object().put("type", "message");
        asst.putObject("message").put("role", "assistant").put("content", "reply");
        ObjectNode lone = Json.object().put("type", "thinking").put("text", "alone");
        service.append(key, List.of(think, asst, lone), null).await().atMost(WAIT);
        service.reset(key, null).await().atMost(WAIT);
        ObjectNode user = Json.object().put("type", "message");
        user.putObject("message").put("role", "user").put("content", "after reset");
        service.append(key, List.of(user), null).await().atMost(WAIT);
        ObjectNode compact = Json.object().put("type", "compact").put("summary", "s").put("firstKeptSeq",
                service.get(key).await().atMost(WAIT).get("lastSeq").asLong());
        service.append(key, List.of(compact), null).await().atMost(WAIT);

        List<String> keys = service.list(dev.parley.core.session.ListQuery.all()).await().atMost(WAIT).sessions().stream()
                .map(s -> s.sessionKey()).toList();
        assertThat(keys).hasSizeGreaterThan(1);
        for (String k : keys) {
            JsonNode memory = service.exportOpenClaw(k).await().atMost(WAIT);
            String text = streamed(k);
            assertThat(Json.MAPPER.readTree(text)).as(k).isEqualTo(memory);
            assertThat(text).as(k).isEqualTo(Json.MAPPER.writeValueAsString(memory));
        }
    }
}
