package dev.parley.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds a session's transcript file in a state dir by its header line, for byte-level checks. */
public final class Transcripts {

    private Transcripts() {}

    /** The one {@code .jsonl} under {@code stateDir} whose header names {@code sessionKey}. */
    public static Path of(Path stateDir, String sessionKey) {
        String needle = "\"sessionKey\":" + Wire.quote(sessionKey) + ",";
        try (Stream<Path> files = Files.walk(stateDir)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(".jsonl"))
                    .filter(p -> firstLine(p).contains(needle)).toList();
            assertThat(found).as("transcripts of %s under %s", sessionKey, stateDir).hasSize(1);
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            return "";
        }
    }
}
