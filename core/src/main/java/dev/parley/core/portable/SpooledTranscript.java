package dev.parley.core.portable;

import dev.parley.core.error.ParleyException;
import dev.parley.core.key.SessionKey;
import dev.parley.core.store.FileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * A validated transcript written (and forced) to a temp file by {@link DocumentReader}, waiting to be adopted as a
 * session's transcript. {@link #adopt} renames it into place atomically; {@link #close} deletes it when it was not
 * adopted, so a failed or refused import leaves nothing behind.
 */
public final class SpooledTranscript implements AutoCloseable {
    private final SessionKey key;
    private final long entries;
    private Path file;

    SpooledTranscript(SessionKey key, long entries, Path file) {
        this.key = Objects.requireNonNull(key, "key is null");
        this.entries = entries;
        this.file = Objects.requireNonNull(file, "file is null");
    }

    /** The document's canonical key. */
    public SessionKey key() {
        return key;
    }

    /** Lines in the transcript, header included. */
    public long entries() {
        return entries;
    }

    /**
     * Makes the spooled file {@code dir/fileName}: {@code CONFLICT} when the target exists (nothing is replaced);
     * a file spooled elsewhere is first moved beside the target, then renamed atomically, then the directory forced.
     */
    public void adopt(Path dir, String fileName) throws IOException {
        if (file == null) {
            throw new IllegalStateException("already adopted");
        }
        Files.createDirectories(dir);
        Path target = dir.resolve(fileName);
        if (Files.exists(target)) {
            throw ParleyException.conflict("a transcript named " + fileName + " already exists");
        }
        if (!dir.equals(file.getParent())) {
            Path beside = Files.createTempFile(dir, "import-", ".jsonl.tmp");
            Files.move(file, beside, StandardCopyOption.REPLACE_EXISTING);
            file = beside;
        }
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        file = null;
        FileOps.forceDirectory(dir);
    }

    /** Deletes the temp file unless it was adopted. */
    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
            file = null;
        }
    }
}
