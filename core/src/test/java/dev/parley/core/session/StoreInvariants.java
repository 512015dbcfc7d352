package dev.parley.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** After storage tests: every line parses, seq is dense from 0, metadata agrees with the transcripts. */
public final class StoreInvariants {
    private StoreInvariants() {}

    public static void check(Path stateDir) {
        Path agents = stateDir.resolve("agents");
        if (!Files.isDirectory(agents)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(agents)) {
            for (Path agent : dirs.toList()) {
                checkAgent(agent.resolve("sessions"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkAgent(Path sessions) throws IOException {
        JsonNode meta = Files.exists(sessions.resolve("session-metadata.json"))
                ? Json.MAPPER.readTree(sessions.resolve("session-metadata.json").toFile()) : null;
        try (Stream<Path> files = Files.list(sessions)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                assertThat(bytes.length == 0 || bytes[bytes.length - 1] == '\n').as("%s ends with a newline", f).isTrue();
                List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
                long seq = 0;
                String key = null;
                for (String line : lines) {
                    ObjectNode e = (ObjectNode) Json.MAPPER.readTree(line);
                    assertThat(e.get("seq").asLong()).as("dense seq in %s", f).isEqualTo(seq++);
                    if (key == null) {
                        key = e.get("sessionKey").asText();
                    }
                }
                if (meta != null && key != null && meta.has(key)) {
                    assertThat(meta.get(key).get("lastSeq").asLong()).as("metadata lastSeq of %s", key)
                            .isLessThanOrEqualTo(seq - 1);
                    assertThat(meta.get(key).get("flushedLength").asLong()).isLessThanOrEqualTo(bytes.length);
                }
            }
        }
    }
}
