package dev.parley.core.crash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The tests' own reading of a transcript file, independent of core's scanner: the valid prefix is the run of
 * newline-terminated JSON objects with {@code seq} 0, 1, 2, …; what follows it is a torn tail when it is the last
 * line (unterminated, unparsable, zero bytes, a broken seq) and corruption otherwise.
 *
 * @param bytes the whole file
 * @param validEnd offset after the last valid line
 * @param validLines number of valid lines (header included)
 * @param corrupt true when a bad line is followed by more lines (not a torn tail)
 */
record RawTranscript(Path file, byte[] bytes, long validEnd, int validLines, boolean corrupt) {

    static RawTranscript read(Path file) {
        try {
            return of(file, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RawTranscript of(Path file, byte[] bytes) {
        int pos = 0;
        int lines = 0;
        while (pos < bytes.length) {
            int nl = indexOf(bytes, (byte) '\n', pos);
            if (nl < 0) {
                break; // unterminated: torn
            }
            if (!validLine(bytes, pos, nl, lines)) {
                return new RawTranscript(file, bytes, pos, lines, nl + 1 < bytes.length);
            }
            lines++;
            pos = nl + 1;
        }
        return new RawTranscript(file, bytes, pos, lines, false);
    }

    /** True when the file ends in bytes that recovery must cut. */
    boolean torn() {
        return !corrupt && validEnd < bytes.length;
    }

    byte[] tornBytes() {
        return Arrays.copyOfRange(bytes, (int) validEnd, bytes.length);
    }

    /** Every transcript file ({@code agents/<agent>/sessions/*.jsonl}) under a state dir. */
    static List<Path> transcripts(Path stateDir) {
        return filesUnder(stateDir, name -> name.endsWith(".jsonl"));
    }

    /** Every {@code .torn-<ms>} file under a state dir. */
    static List<Path> tornFiles(Path stateDir) {
        return filesUnder(stateDir, name -> name.contains(".jsonl.torn-"));
    }

    private static List<Path> filesUnder(Path stateDir, java.util.function.Predicate<String> name) {
        Path agents = stateDir.resolve("agents");
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(agents)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(agents)) {
            for (Path agent : dirs.toList()) {
                Path sessions = agent.resolve("sessions");
                if (!Files.isDirectory(sessions)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(sessions)) {
                    files.filter(f -> name.test(f.getFileName().toString())).sorted().forEach(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static boolean validLine(byte[] bytes, int from, int to, long expectedSeq) {
        try {
            JsonNode node = Json.parseObject(bytes, from, to - from);
            return node.path("seq").isIntegralNumber() && node.get("seq").asLong() == expectedSeq;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** True when {@code data} ends with {@code suffix}. */
    static boolean endsWith(byte[] data, byte[] suffix) {
        return data.length >= suffix.length
                && Arrays.equals(data, data.length - suffix.length, data.length, suffix, 0, suffix.length);
    }
}
