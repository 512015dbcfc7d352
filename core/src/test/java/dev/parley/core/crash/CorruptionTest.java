package dev.parley.core.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.session.AppendResult;
import dev.parley.core.session.HistoryPage;
import dev.parley.core.session.RepairResult;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import dev.parley.core.session.StoreInvariants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §3.1 corruption: an unparsable line before the last one is never cut away. A read that reaches it fails
 * with SESSION_CORRUPT carrying the line's byte offset, and from then on appends are refused; the file keeps
 * every byte. {@code sessions.repair} keeps a {@code .corrupt-<ms>} copy, writes a {@code repaired} entry with the
 * line's seq in its place, and reports what it removed; afterwards the session works again.
 */
class CorruptionTest {
    static final String KEY = "agent:main:discord:dm:corrupt";
    static final String FILE = "agent_main_discord_dm_corrupt.jsonl";
    static final int ENTRIES = 10;
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    Path file;
    /** Start offset of every line; {@code lineStart[ENTRIES + 1]} is the file length. */
    long[] lineStart;

    @BeforeEach
    void writeTranscript() throws IOException {
        try (SessionService service = open()) {
            for (int i = 1; i <= ENTRIES; i++) {
                append(service, "e" + i);
            }
        }
        file = dir.resolve("agents/main/sessions").resolve(FILE);
        lineStart = lineStarts();
        assertThat(lineStart).hasSize(ENTRIES + 2);
    }

    /** The start offset of every line of the file as it is now, and its length last. */
    private long[] lineStarts() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<Long> starts = new ArrayList<>(List.of(0L));
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                starts.add(i + 1L);
            }
        }
        return starts.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void aGarbledLineInTheMiddleFailsTheReadThatReachesItWithItsOffset() throws IOException {
        garble(5);
        byte[] before = Files.readAllBytes(file);

        try (SessionService service = open()) {
            // (a page of n also reads the line before it, to tell whether there is more)
            HistoryPage tail = service.history(KEY, 4, null, false).await().atMost(WAIT);
            assertThat(tail.entries()).extracting(Payloads::idOf).containsExactly("e7", "e8", "e9", "e10");

            assertCorruptAt(lineStart[5], () -> service.history(KEY, 6, null, false).await().atMost(WAIT));
            assertCorruptAt(lineStart[5], () -> service.append(KEY, List.of(Payloads.message("user", "refused", 3)),
                    null).await().atMost(WAIT));
            assertCorruptAt(lineStart[5], () -> service.history(KEY, 3, 7L, false).await().atMost(WAIT));
        }
        assertThat(Files.readAllBytes(file)).as("nothing truncated or appended").isEqualTo(before);
    }

    @Test
    void aGarbledLineFoundWhileOpeningMakesTheSessionReadOnly() throws IOException {
        // A different length: the metadata no longer matches, so opening rescans the file and meets the line.
        replaceLine(5, "{\"seq\":5,\"type\":\"message\",\"mess");
        byte[] before = Files.readAllBytes(file);

        try (SessionService service = open()) {
            assertCorruptAt(lineStart[5], () -> service.append(KEY, List.of(Payloads.message("user", "refused", 3)),
                    null).await().atMost(WAIT));
            assertCorruptAt(lineStart[5], () -> service.history(KEY, 50, null, false).await().atMost(WAIT));
        }
        assertThat(Files.readAllBytes(file)).as("nothing truncated or appended").isEqualTo(before);
    }

    @Test
    void historyOfASessionFoundCorruptAtOpenStillEndsAtTheLastEntry() throws IOException {
        // Regression: opening stopped its scan at the bad line and history then read backwards from there,
        // returning e1..e4 as if they were the newest entries.
        replaceLine(5, "garbage");

        try (SessionService service = open()) {
            HistoryPage tail = service.history(KEY, 3, null, false).await().atMost(WAIT);
            assertThat(tail.entries()).extracting(Payloads::idOf).containsExactly("e8", "e9", "e10");
        }
    }

    @Test
    void repairReplacesTheGarbledLineWithARepairedEntryAndTheSessionWorksAgain() throws IOException {
        garble(5);
        byte[] corrupt = Files.readAllBytes(file);
        long badLength = lineStart[6] - lineStart[5];

        try (SessionService service = open()) {
            assertCorruptAt(lineStart[5], () -> service.history(KEY, 50, null, false).await().atMost(WAIT));

            RepairResult r = service.repair(KEY).await().atMost(WAIT);

            assertThat(r.backup()).matches(java.util.regex.Pattern.quote(FILE) + "\\.corrupt-\\d+");
            assertThat(Files.readAllBytes(file.resolveSibling(r.backup()))).isEqualTo(corrupt);
            assertThat(r.removed()).containsExactly(new RepairResult.Removed(lineStart[5], badLength));
            assertThat(r.truncatedTail()).isFalse();

            List<ObjectNode> history = StoreAudit.wholeHistory(service, KEY);
            assertThat(history).extracting(e -> e.get("seq").asLong())
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            ObjectNode repaired = history.get(4);
            assertThat(repaired.get("type").asText()).isEqualTo("repaired");
            assertThat(repaired.get("offset").asLong()).isEqualTo(lineStart[5]);
            assertThat(repaired.get("bytes").asLong()).isEqualTo(badLength);
            assertThat(history).extracting(Payloads::idOf)
                    .containsExactly("e1", "e2", "e3", "e4", null, "e6", "e7", "e8", "e9", "e10");

            assertThat(append(service, "after").lastSeq()).isEqualTo(ENTRIES + 1L);
            assertThat(service.get(KEY).await().atMost(WAIT).get("lastSeq").asLong()).isEqualTo(ENTRIES + 1L);
        }
        StoreInvariants.check(dir);
        try (SessionService service = open()) {
            assertThat(StoreAudit.wholeHistory(service, KEY)).hasSize(ENTRIES + 1);
            assertThat(append(service, "after restart").lastSeq()).isEqualTo(ENTRIES + 2L);
        }
        StoreInvariants.check(dir);
    }

    @Test
    void repairReplacesEveryGarbledLineAndCutsATornTail() throws IOException {
        // The first bad line changes length, so opening rescans, stops there and leaves the torn tail to repair.
        garble(4);
        garble(8);
        replaceLine(3, "garbage");
        byte[] torn = "{\"seq\":11,\"type\":\"mes".getBytes(StandardCharsets.UTF_8);
        Files.write(file, torn, java.nio.file.StandardOpenOption.APPEND);
        long[] at = lineStarts();

        try (SessionService service = open()) {
            RepairResult r = service.repair(KEY).await().atMost(WAIT);

            assertThat(r.removed()).containsExactly(
                    new RepairResult.Removed(at[3], at[4] - at[3]),
                    new RepairResult.Removed(at[4], at[5] - at[4]),
                    new RepairResult.Removed(at[8], at[9] - at[8]));
            assertThat(r.truncatedTail()).isTrue();
            List<ObjectNode> history = StoreAudit.wholeHistory(service, KEY);
            assertThat(history).extracting(e -> e.get("type").asText() + e.get("seq").asLong()).containsExactly(
                    "message1", "message2", "repaired3", "repaired4", "message5", "message6", "message7",
                    "repaired8", "message9", "message10");
            assertThat(append(service, "after").lastSeq()).isEqualTo(ENTRIES + 1L);
        }
        StoreInvariants.check(dir);
    }

    @Test
    void aTornTailAfterAGarbledLineTheOpenDidNotReachIsCutOnOpen() throws IOException {
        garble(4);
        byte[] torn = "{\"seq\":11,\"type\":\"mes".getBytes(StandardCharsets.UTF_8);
        Files.write(file, torn, java.nio.file.StandardOpenOption.APPEND);

        try (SessionService service = open()) {
            assertThat(service.history(KEY, 2, null, false).await().atMost(WAIT).entries())
                    .extracting(Payloads::idOf).containsExactly("e9", "e10");
            assertThat(service.stats().tornTails.sum()).isEqualTo(1);
            RepairResult r = service.repair(KEY).await().atMost(WAIT);
            assertThat(r.removed()).containsExactly(new RepairResult.Removed(lineStart[4], lineStart[5] - lineStart[4]));
            assertThat(r.truncatedTail()).isFalse();
        }
        StoreInvariants.check(dir);
    }

    @Test
    void repairOfAHealthySessionChangesNothing() throws IOException {
        byte[] before = Files.readAllBytes(file);
        try (SessionService service = open()) {
            RepairResult r = service.repair(KEY).await().atMost(WAIT);

            assertThat(r.backup()).isNull();
            assertThat(r.removed()).isEmpty();
            assertThat(r.truncatedTail()).isFalse();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.list(file.getParent()).map(p -> p.getFileName().toString()))
                .noneMatch(n -> n.contains(".corrupt-"));
    }

    /** Overwrites line {@code seq}'s bytes (not its newline) so it no longer parses; the length stays. */
    private void garble(int seq) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int from = (int) lineStart[seq];
        int to = (int) lineStart[seq + 1] - 1;
        Arrays.fill(bytes, from + 1, Math.min(to, from + 12), (byte) '#');
        Files.write(file, bytes);
        assertThat(RawTranscript.of(file, bytes).validLines()).isLessThanOrEqualTo(seq);
    }

    /** Replaces line {@code seq} with {@code text} (a different length), shifting the lines after it. */
    private void replaceLine(int seq, String text) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] head = Arrays.copyOf(bytes, (int) lineStart[seq]);
        byte[] tail = Arrays.copyOfRange(bytes, (int) lineStart[seq + 1], bytes.length);
        Files.write(file, head);
        Files.write(file, (text + "\n").getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        Files.write(file, tail, java.nio.file.StandardOpenOption.APPEND);
    }

    private static void assertCorruptAt(long offset, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ParleyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SESSION_CORRUPT);
            assertThat(e.data()).containsEntry("offset", offset);
        });
    }

    private SessionService open() {
        return SessionService.open(SessionOptions.defaults(dir));
    }

    private static AppendResult append(SessionService service, String id) {
        return service.append(KEY, List.of(Payloads.message("user", id, 20)), null).await().atMost(WAIT);
    }
}
