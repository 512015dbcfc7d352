package dev.parley.core.portable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole-transcript file work for export and import: reading every line (the one operation allowed to read a
 * whole transcript), and writing a transcript atomically (temp file, force, rename, directory force).
 */
public final class TranscriptFiles {

    private TranscriptFiles() {
    }

    /** Every complete line of a transcript, parsed, in file order. */
    public static List<ObjectNode> readAll(Path file) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isEmpty()) {
                    out.add((ObjectNode) Json.MAPPER.readTree(line));
                }
            }
        }
        return out;
    }

    /**
     * Writes {@code entries} as {@code dir/fileName}, atomically: a temp file beside it is written and forced, then
     * renamed. {@code CONFLICT} when the target exists (nothing is replaced); the temp file never survives a failure.
     */
    public static void writeAtomically(Path dir, String fileName, List<ObjectNode> entries) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(fileName);
        if (Files.exists(target)) {
            throw ParleyException.conflict("a transcript named " + fileName + " already exists");
        }
        Path temp = dir.resolve(fileName + ".import.tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (ObjectNode e : entries) {
                    ByteBuffer buf = ByteBuffer.wrap(Json.line(e));
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        dev.parley.core.store.FileOps.forceDirectory(dir);
    }
}
