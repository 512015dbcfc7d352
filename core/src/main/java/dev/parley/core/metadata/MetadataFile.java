package dev.parley.core.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.store.FileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One agent's {@code session-metadata.json}: an object keyed by session key. Reads return empty when the file
 * is missing; an unparsable file is moved aside to {@code .corrupt-<epochMs>} (never overwritten blindly) and
 * reported as {@link Unreadable} so the caller rebuilds from the transcripts. Writes are atomic.
 */
public final class MetadataFile {
    public static final String NAME = "session-metadata.json";
    private static final System.Logger LOG = System.getLogger(MetadataFile.class.getName());

    private final Path path;

    public MetadataFile(Path sessionsDir) {
        this.path = sessionsDir.resolve(NAME);
    }

    public Path path() {
        return path;
    }

    /** Thrown when the file exists but cannot be used; it has been moved to {@link #backup()}. */
    public static final class Unreadable extends Exception {
        private final Path backup;

        Unreadable(String message, Path backup, Throwable cause) {
            super(message, cause);
            this.backup = backup;
        }

        public Path backup() {
            return backup;
        }
    }

    public Optional<Map<String, SessionMeta>> read(long now) throws IOException, Unreadable {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            JsonNode root = Json.MAPPER.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<String, SessionMeta> out = new LinkedHashMap<>();
            for (var it = root.fields(); it.hasNext(); ) {
                var f = it.next();
                if (!f.getValue().isObject()) {
                    throw new IllegalArgumentException("entry " + f.getKey() + " is not an object");
                }
                out.put(f.getKey(), SessionMeta.fromJson(f.getKey(), (ObjectNode) f.getValue()));
            }
            return Optional.of(out);
        } catch (IOException | RuntimeException e) {
            Path backup = path.resolveSibling(NAME + ".corrupt-" + now);
            Files.move(path, backup);
            LOG.log(System.Logger.Level.WARNING, "metadata store " + path + " is unreadable (" + e.getMessage()
                    + "); kept as " + backup.getFileName() + ", rebuilding from the transcripts");
            throw new Unreadable(e.getMessage(), backup, e);
        }
    }

    /** Writes every entry, sorted by key for stable diffs. */
    public void write(Collection<SessionMeta> entries, long now) throws IOException {
        List<SessionMeta> sorted = entries.stream().sorted(Comparator.comparing(m -> m.sessionKey)).toList();
        ObjectNode root = Json.object();
        for (SessionMeta m : sorted) {
            root.set(m.sessionKey, m.toJson(now));
        }
        Files.createDirectories(path.getParent());
        FileOps.writeAtomically(path, Json.MAPPER.writeValueAsBytes(root));
    }
}
