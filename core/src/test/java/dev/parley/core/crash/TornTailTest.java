package dev.parley.core.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.session.AppendResult;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import dev.parley.core.session.StoreInvariants;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SPEC §3.1 recovery: a transcript is written through the service and closed; then its last record is torn at
 * every byte offset (and, separately, followed by zero bytes or replaced by an unparsable line). Each case starts
 * from a fresh copy of the state dir, reopens it, and checks: the torn bytes are cut, kept whole as
 * {@code <file>.torn-<ms>} and counted once; history returns every earlier entry; the next append gets the next
 * dense seq; the store invariants hold. Every case runs with the metadata store in each state a crash can leave it
 * in ({@link Metadata}), which drives the three recovery paths: whole-session rebuild, bounded scan, catalogue
 * rebuild.
 */
class TornTailTest {
    static final String KEY = "agent:main:telegram:dm:torn";
    static final String FILE = "agent_main_telegram_dm_torn.jsonl";
    static final int EARLIER = 4;

    /** The metadata store at reopen. */
    enum Metadata {
        /** Flushed after the last record: the file is now shorter than recorded (or ends in bad bytes). */
        CURRENT,
        /** Flushed before the last record was appended: only the bytes after it are scanned. */
        STALE,
        /** Lost: rebuilt from the transcripts. */
        MISSING
    }

    @TempDir
    static Path work;
    static Path template;
    static byte[] full;
    static int lastStart;
    static byte[] metaCurrent;
    static byte[] metaStale;
    static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void writeTranscript() throws IOException {
        template = work.resolve("template");
        try (SessionService service = open(template)) {
            append(service, message("e1"));
            append(service, message("e2"), message("e3"));
            append(service, message("e4"));
        }
        ids.addAll(List.of("e1", "e2", "e3", "e4", "e5-last"));
        Path sessions = template.resolve("agents/main/sessions");
        metaStale = Files.readAllBytes(sessions.resolve("session-metadata.json"));
        lastStart = (int) Files.size(sessions.resolve(FILE));
        try (SessionService service = open(template)) {
            append(service, message("e5-last"));
        }
        metaCurrent = Files.readAllBytes(sessions.resolve("session-metadata.json"));
        full = Files.readAllBytes(sessions.resolve(FILE));
        assertThat(RawTranscript.of(sessions.resolve(FILE), full).validLines()).isEqualTo(EARLIER + 2);
        assertThat(full.length - lastStart).as("the last record is long enough to matter").isGreaterThan(100);
        System.out.println("TornTailTest: last record " + lastStart + ".." + full.length + " ("
                + (full.length - lastStart) + " bytes), every cut tried under each metadata state");
    }

    @ParameterizedTest
    @EnumSource(Metadata.class)
    void everyCutInsideTheLastRecordIsCutKeptAndCounted(Metadata metadata) throws IOException {
        // lastStart + 1 .. full.length - 1: from one byte of the record up to just before its newline.
        for (int cut = lastStart + 1; cut < full.length; cut++) {
            reopen("cut at " + cut + " of " + full.length, metadata, Arrays.copyOf(full, cut), EARLIER);
        }
    }

    @ParameterizedTest
    @EnumSource(Metadata.class)
    void aCutRightBeforeTheLastRecordLeavesNothingToCut(Metadata metadata) throws IOException {
        reopen("cut at the last record's start", metadata, Arrays.copyOf(full, lastStart), EARLIER);
    }

    @ParameterizedTest
    @EnumSource(Metadata.class)
    void trailingZeroBytesAreCut(Metadata metadata) throws IOException {
        for (int zeros : new int[] {1, 7, 4096}) {
            reopen(zeros + " zero bytes after the last record", metadata, concat(full, new byte[zeros]), EARLIER + 1);
        }
        int mid = lastStart + (full.length - lastStart) / 2;
        reopen("half a record, then zero bytes", metadata, concat(Arrays.copyOf(full, mid), new byte[50]), EARLIER);
        reopen("the last record's bytes zeroed", metadata,
                concat(Arrays.copyOf(full, lastStart), new byte[full.length - lastStart]), EARLIER);
        byte[] zeroedLine = new byte[full.length - lastStart];
        zeroedLine[zeroedLine.length - 1] = '\n';
        reopen("the last record zeroed but its newline", metadata, concat(Arrays.copyOf(full, lastStart), zeroedLine),
                EARLIER);
    }

    @ParameterizedTest
    @EnumSource(Metadata.class)
    void anUnparsableLastLineIsCut(Metadata metadata) throws IOException {
        reopen("a garbage line after the last record", metadata, concat(full, utf8("garbage\n")), EARLIER + 1);
        reopen("half a JSON line with a newline", metadata,
                concat(full, utf8("{\"seq\":6,\"type\":\"mess\n")), EARLIER + 1);
        byte[] broken = full.clone();
        broken[full.length - 2] = ' '; // the record's closing brace
        reopen("the last record without its closing brace", metadata, broken, EARLIER);
        reopen("a last line that breaks the dense seq", metadata,
                concat(full, utf8("{\"seq\":9,\"type\":\"message\",\"message\":{\"role\":\"user\",\"content\":\"x\"}}\n")),
                EARLIER + 1);
    }

    /**
     * Regression: when the metadata already covered a last line that is now zeroed (its length unchanged, as a
     * power loss can leave it when the metadata was flushed before the append's force), open scanned only past
     * it; the next append then went after the bad line, which became a corrupt line in the middle of the file.
     */
    @org.junit.jupiter.api.Test
    void anAppendAfterReopenNeverBuriesAZeroedLastLineTheMetadataCovered() throws IOException {
        Path dir = work.resolve("buried");
        StateDirs.copy(template, dir);
        Path file = dir.resolve("agents/main/sessions").resolve(FILE);
        byte[] zeroed = Arrays.copyOf(full, full.length);
        Arrays.fill(zeroed, lastStart, full.length - 1, (byte) 0);
        Files.write(file, zeroed);

        try (SessionService service = open(dir)) {
            assertThat(append(service, message("after")).lastSeq()).isEqualTo(EARLIER + 1L);
            assertThat(service.stats().tornTails.sum()).isEqualTo(1);
        }
        StoreInvariants.check(dir);
        assertThat(RawTranscript.read(file).validLines()).isEqualTo(EARLIER + 2);
    }

    /**
     * Copies the template, writes {@code content} as the transcript and the metadata as asked, reopens, and checks
     * that exactly the bytes after the first {@code kept} entries were cut, kept and counted.
     */
    private static void reopen(String what, Metadata metadata, byte[] content, int kept) throws IOException {
        Path dir = Files.createTempDirectory(work, "case");
        StateDirs.copy(template, dir);
        Path sessions = dir.resolve("agents/main/sessions");
        Path file = sessions.resolve(FILE);
        Files.write(file, content);
        switch (metadata) {
            case CURRENT -> Files.write(sessions.resolve("session-metadata.json"), metaCurrent);
            case STALE -> Files.write(sessions.resolve("session-metadata.json"), metaStale);
            case MISSING -> Files.delete(sessions.resolve("session-metadata.json"));
        }
        int keptLength = offsetAfterLine(kept);
        byte[] torn = Arrays.copyOfRange(content, keptLength, content.length);
        String as = what + " (metadata " + metadata + ")";
        try (SessionService service = open(dir)) {
            List<ObjectNode> history = StoreAudit.wholeHistory(service, KEY);
            assertThat(history).as(as).extracting(Payloads::idOf).containsExactlyElementsOf(ids.subList(0, kept));
            assertThat(service.stats().tornTails.sum()).as(as + ": torn tails counted").isEqualTo(torn.length > 0 ? 1 : 0);
            assertThat(Files.size(file)).as(as + ": length after recovery").isEqualTo(keptLength);
            List<Path> tornFiles = RawTranscript.tornFiles(dir);
            if (torn.length > 0) {
                assertThat(tornFiles).as(as).singleElement().satisfies(p -> {
                    assertThat(p.getFileName().toString()).matches(java.util.regex.Pattern.quote(FILE) + "\\.torn-\\d+");
                    assertThat(Files.readAllBytes(p)).as(as + ": kept bytes").isEqualTo(torn);
                });
            } else {
                assertThat(tornFiles).as(as).isEmpty();
            }
            assertThat(append(service, message("after")).lastSeq()).as(as + ": next seq").isEqualTo(kept + 1L);
            assertThat(StoreAudit.wholeHistory(service, KEY)).as(as).extracting(Payloads::idOf)
                    .endsWith("after").hasSize(kept + 1);
        }
        StoreInvariants.check(dir);
        StateDirs.delete(dir);
    }

    /** Offset after the header and the first {@code entries} entries of the full transcript. */
    private static int offsetAfterLine(int entries) {
        int lines = 0;
        for (int i = 0; i < full.length; i++) {
            if (full[i] == '\n' && lines++ == entries) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no line " + entries);
    }

    private static SessionService open(Path dir) {
        return SessionService.open(SessionOptions.defaults(dir));
    }

    private static ObjectNode message(String id) {
        // multi-byte characters in the filler: some cuts fall inside a UTF-8 sequence
        return Payloads.message("user", id, id.endsWith("last") ? 60 : 30);
    }

    private static AppendResult append(SessionService service, ObjectNode... entries) {
        return service.append(KEY, List.of(entries), null).await().atMost(Duration.ofSeconds(10));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
