package dev.parley.core.lock;

import dev.parley.core.error.ParleyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Fencing tokens (SPEC §8.1): {@code token = generation × 2^32 + counter}.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Invariant: every token this class returns is greater than every token returned before by any
 *       process on this state dir, and below 2^53 (a JSON integer every client reads exactly).</li>
 *   <li>{@code generation} lives in {@code <stateDir>/generation}; {@link #open} reads it (missing = 0),
 *       adds one and persists it before the first token: temp file, write, force, atomic rename,
 *       directory force. A crash at any point leaves either the old or the new number, never a torn
 *       one; an unreadable file fails startup rather than risk reusing a generation.</li>
 *   <li>The counter lives in memory; {@link #next} is synchronized. Should it ever reach 2^32 the
 *       generation is bumped and persisted again, so tokens keep growing.</li>
 *   <li>Assumes one process owns the state dir ({@link StateDirLock}): two processes bumping the same
 *       file concurrently could read the same generation.</li>
 * </ul>
 */
public final class FencingTokens {
    static final long MAX_GENERATION = (1L << 21) - 1;
    private static final long COUNTER_LIMIT = 1L << 32;
    private static final String FILE_NAME = "generation";

    private final Path file;
    private long generation;
    private long counter;

    private FencingTokens(Path file, long generation) {
        this.file = file;
        this.generation = generation;
    }

    /** Reads {@code <stateDir>/generation} (missing → 0), increments it and writes it atomically. */
    public static FencingTokens open(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            Path file = stateDir.resolve(FILE_NAME);
            long generation = bump(file, read(file));
            return new FencingTokens(file, generation);
        } catch (IOException e) {
            throw ParleyException.storage("cannot update the fencing generation in " + stateDir + ": " + e, e);
        }
    }

    public synchronized long generation() {
        return generation;
    }

    /** The next token: strictly greater than every earlier one, always below 2^53. */
    public synchronized long next() {
        if (counter + 1 >= COUNTER_LIMIT) {
            try {
                generation = bump(file, generation);
            } catch (IOException e) {
                throw ParleyException.storage("cannot update the fencing generation in " + file + ": " + e, e);
            }
            counter = 0;
        }
        counter++;
        return generation * COUNTER_LIMIT + counter;
    }

    private static long read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return 0;
        }
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IOException("unreadable fencing generation file " + file + " (content '" + text
                    + "'); fix or remove it only if no other Parley process uses this state dir", e);
        }
    }

    private static long bump(Path file, long current) throws IOException {
        long next = current + 1;
        if (next > MAX_GENERATION) {
            throw new IOException("fencing generation " + next + " would push tokens past 2^53 (max "
                    + MAX_GENERATION + ")");
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap((next + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(file.getParent());
        return next;
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
