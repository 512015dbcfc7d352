package dev.parley.core.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ParleyException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One process owns a state dir (SPEC §3.2): an OS lock on {@code <stateDir>/.lock}, held for the
 * process's life, plus JSON {@code {pid, startTime, hostname, startedAt}} in the file for humans.
 *
 * <p>Design notes.
 * <ul>
 *   <li>The OS lock is the truth; the JSON only names the holder in the error. The kernel drops the
 *       lock when the holder dies, so a dead holder's lock is free at once: no staleness rules.</li>
 *   <li>The file is never deleted (deleting it would let a contender lock an unlinked inode while a
 *       newcomer locks a fresh one); on close its content is cleared, then the lock released.</li>
 *   <li>Closing any channel on a file drops every lock this JVM holds on it, and a second lock attempt
 *       from the JVM throws {@code OverlappingFileLockException}. So the JVM-wide {@link #HELD} set is
 *       checked before a channel is ever opened: a second acquire in this JVM fails without touching
 *       the file.</li>
 *   <li>Race: a holder locks, then writes its JSON. A contender may read an empty or half-written
 *       file; it then reports the holder as unknown rather than waiting.</li>
 * </ul>
 */
public final class StateDirLock implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StateDirLock.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FILE_NAME = ".lock";
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path stateDir;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private StateDirLock(Path stateDir, FileChannel channel, FileLock lock) {
        this.stateDir = stateDir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code stateDir} if needed and takes the lock, or throws {@link StateDirLockedException}
     * naming the holder and the state dir. Never waits.
     */
    public static StateDirLock acquire(Path stateDir, InstantSource clock) {
        Objects.requireNonNull(clock, "clock is null");
        Path dir = realDirectory(Objects.requireNonNull(stateDir, "stateDir is null"));
        if (!HELD.add(dir)) {
            throw new StateDirLockedException(dir, OptionalLong.of(ProcessHandle.current().pid()),
                    "state dir " + dir + " is already owned by this process (pid " + ProcessHandle.current().pid() + ")");
        }
        try {
            return lock(dir, clock);
        } catch (RuntimeException e) {
            HELD.remove(dir);
            throw e;
        }
    }

    public Path stateDir() {
        return stateDir;
    }

    /** Clears the file's content, releases the OS lock. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot cleanly release the state dir lock " + stateDir + ": " + e);
        } finally {
            LockChannels.closeQuietly(channel);
            HELD.remove(stateDir);
        }
    }

    private static Path realDirectory(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            return stateDir.toRealPath();
        } catch (IOException e) {
            throw ParleyException.storage("cannot create the state dir " + stateDir + ": " + e, e);
        }
    }

    private static StateDirLock lock(Path dir, InstantSource clock) {
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw lockedBy(dir, file, LockChannels.read(channel));
            }
            LockChannels.overwrite(channel, identityJson(clock));
            LOG.log(Level.INFO, "owning state dir " + dir + " (pid " + ProcessIdentity.current().pid() + ")");
            return new StateDirLock(dir, channel, lock);
        } catch (IOException e) {
            LockChannels.closeQuietly(channel);
            throw ParleyException.storage("cannot lock the state dir " + dir + ": " + e, e);
        } catch (RuntimeException e) {
            LockChannels.closeQuietly(channel);
            throw e;
        }
    }

    private static byte[] identityJson(InstantSource clock) throws IOException {
        ProcessIdentity self = ProcessIdentity.current();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("pid", self.pid());
        node.put("startTime", self.startTime());
        node.put("hostname", self.hostname());
        node.put("startedAt", clock.instant().toString());
        return MAPPER.writeValueAsBytes(node);
    }

    private static StateDirLockedException lockedBy(Path dir, Path file, byte[] content) {
        JsonNode node;
        try {
            node = content.length == 0 ? null : MAPPER.readTree(content);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.path("pid").canConvertToLong()) {
            return new StateDirLockedException(dir, OptionalLong.empty(), "state dir " + dir
                    + " is owned by another process (its lock file " + file + " names no holder yet)");
        }
        long pid = node.get("pid").asLong();
        String message = "state dir " + dir + " is owned by another Parley process: pid " + pid
                + " on host " + node.path("hostname").asText("?") + ", started at "
                + node.path("startedAt").asText("?") + " (lock file " + file + ")";
        return new StateDirLockedException(dir, OptionalLong.of(pid), message);
    }}
