package dev.parley.core.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.session.AppendResult;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import dev.parley.core.session.StoreInvariants;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests: a crash between creating a transcript ({@code CREATE_NEW}, directory forced) and writing its
 * header with the first batch leaves an empty file or a torn header. Before the fix, an unknown such file made
 * every later append to its key fail with STORAGE_FAILED (FileAlreadyExists), and a known one (its metadata
 * flushed in between) got its first entry written as seq 0 without a header.
 */
class TranscriptCreationCrashTest {
    static final String KEY = "agent:main:telegram:dm:newcomer";
    static final String FILE = "agent_main_telegram_dm_newcomer.jsonl";

    @TempDir
    Path dir;

    Path sessions() {
        return dir.resolve("agents/main/sessions");
    }

    @Test
    void anEmptyTranscriptLeftByACrashAtCreationDoesNotBlockItsKey() throws Exception {
        Files.createDirectories(sessions());
        Files.write(sessions().resolve(FILE), new byte[0]);

        try (SessionService service = SessionService.open(SessionOptions.defaults(dir))) {
            assertThat(append(service, "first").lastSeq()).isEqualTo(1);
            assertThat(StoreAudit.wholeHistory(service, KEY)).extracting(Payloads::idOf).containsExactly("first");
        }
        assertStartsWithHeader();
        StoreInvariants.check(dir);
    }

    @Test
    void aTornHeaderLeftByACrashAtCreationIsCutKeptAndCounted() throws Exception {
        Files.createDirectories(sessions());
        byte[] torn = "{\"seq\":0,\"type\":\"session\",\"version\":1,\"timest".getBytes(StandardCharsets.UTF_8);
        Files.write(sessions().resolve(FILE), torn);

        try (SessionService service = SessionService.open(SessionOptions.defaults(dir))) {
            assertThat(append(service, "first").lastSeq()).isEqualTo(1);
            assertThat(service.stats().tornTails.sum()).isEqualTo(1);
        }
        assertThat(RawTranscript.tornFiles(dir)).singleElement()
                .satisfies(p -> assertThat(Files.readAllBytes(p)).isEqualTo(torn));
        assertStartsWithHeader();
        StoreInvariants.check(dir);
    }

    @Test
    void aKnownSessionWhoseTranscriptLostItsHeaderGetsAHeaderWithItsNextAppend() throws Exception {
        try (SessionService service = SessionService.open(SessionOptions.defaults(dir))) {
            append(service, "lost");
        }
        // The metadata knows the session; its file is empty (metadata flushed between creating the file and
        // writing the header, or unforced bytes lost with fsync=never).
        Files.write(sessions().resolve(FILE), new byte[0]);

        try (SessionService service = SessionService.open(SessionOptions.defaults(dir))) {
            assertThat(append(service, "again").lastSeq()).isEqualTo(1);
            assertThat(StoreAudit.wholeHistory(service, KEY)).extracting(Payloads::idOf).containsExactly("again");
            assertThat(service.get(KEY).await().indefinitely().get("lastSeq").asLong()).isEqualTo(1);
        }
        assertStartsWithHeader();
        StoreInvariants.check(dir);
    }

    @Test
    void aKnownSessionWithATornHeaderHasItCutAndGetsANewHeader() throws Exception {
        try (SessionService service = SessionService.open(SessionOptions.defaults(dir))) {
            append(service, "lost");
        }
        byte[] whole = Files.readAllBytes(sessions().resolve(FILE));
        byte[] torn = java.util.Arrays.copyOf(whole, 20);
        Files.write(sessions().resolve(FILE), torn);

        try (SessionService service = SessionService.open(SessionOptions.defaults(dir))) {
            assertThat(append(service, "again").lastSeq()).isEqualTo(1);
            assertThat(service.stats().tornTails.sum()).isEqualTo(1);
        }
        assertThat(RawTranscript.tornFiles(dir)).singleElement()
                .satisfies(p -> assertThat(Files.readAllBytes(p)).isEqualTo(torn));
        assertStartsWithHeader();
        StoreInvariants.check(dir);
    }

    private void assertStartsWithHeader() throws Exception {
        List<String> lines = Files.readAllLines(sessions().resolve(FILE));
        ObjectNode header = (ObjectNode) Json.MAPPER.readTree(lines.get(0));
        assertThat(header.get("type").asText()).isEqualTo("session");
        assertThat(header.get("seq").asLong()).isZero();
        assertThat(header.get("sessionKey").asText()).isEqualTo(KEY);
    }

    private static AppendResult append(SessionService service, String id) {
        return service.append(KEY, List.of(Payloads.message("user", id, 5)), null).await().atMost(Duration.ofSeconds(10));
    }
}
