package dev.parley.core.lock;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The on-disk protocol of one session lock file (SPEC §8.1). Callers hold the path's
 * {@link LockTable} claim, so this JVM has at most one channel on the file.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Held ⇔ an OS lock on the inode that {@code <locksDir>/<stem>.lock} names. Acquire: create
 *       the file if missing (create-new; losing that race is fine), read the path's file key
 *       ({@code k1}), open it, {@code tryLock}, read the path's file key again ({@code k2}). Only when
 *       {@code k1 == k2} do we own the file at the path; otherwise we locked an inode a releaser had
 *       already unlinked (it opened before the delete, locked after it) and retry. The check can only
 *       be fooled if, within the microseconds between {@code k1} and {@code k2}, the path is replaced
 *       twice and the second new file reuses {@code k1}'s inode number. (On a file system without
 *       file keys both reads are null and the check is void; Parley targets Linux and macOS.)</li>
 *   <li>Why create-then-open instead of keeping the create-new channel: {@code k1} must be read before
 *       the open on every path, or a file created, taken over by a racer and released before our
 *       {@code tryLock} would pass the check. The create's own short-lived channel is harmless: a
 *       freshly created inode cannot be one this JVM holds a lock on.</li>
 *   <li>Release: delete the file while still holding the OS lock, then release and close. So a file
 *       at the path with content and a free OS lock always means the holder died without releasing.</li>
 *   <li>OS lock free on an existing file: same host (or content unreadable) ⇒ the holder died: take
 *       over, rewrite the content (truncate, write, force) and warn with the seed's pid-alive and
 *       start-time checks. Another host's file may be locked invisibly (network file systems), so it
 *       is stale only when {@code acquiredAt} is older than {@code staleAfter}; else it counts as held.</li>
 *   <li>Empty content with a free OS lock is a file just created by a racer between its create and
 *       its {@code tryLock} (or by one that died there): taking it is safe, the racer's {@code tryLock}
 *       then fails; it is not counted as a stale takeover.</li>
 *   <li>The holder writes its JSON after locking, so a contender may read an empty or half-written
 *       file: such holders are reported as unknown, never trusted.</li>
 *   <li>{@link #probe} and {@link #removeIfStale} take the OS lock for an instant; a contender in
 *       another process that tries just then sees the lock busy and backs off once.</li>
 *   <li>All opens go through {@link Opener}, the OS boundary where tests inject the release race.</li>
 * </ul>
 */
final class LockFileProtocol {
    private static final System.Logger LOG = System.getLogger(LockFileProtocol.class.getName());
    /** A racing releaser or creator rarely loses us more than one or two rounds. */
    private static final int RACE_RETRIES = 4;

    /** A held lock file: the channel that owns it, its OS lock, and the inode it was verified to be. */
    record Handle(Path path, FileChannel channel, FileLock lock, Object fileKey, LockHolder holder) {
    }

    /** {@code handle} when taken ({@code staleTakeover} if a dead holder's file was reused); else the holder seen, if any. */
    record Outcome(Handle handle, LockHolder busyHolder, boolean staleTakeover) {
    }

    /** Opens an existing lock file for read and write: the OS boundary, where tests inject races. */
    @FunctionalInterface
    interface Opener {
        Opener DEFAULT = path -> FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);

        FileChannel open(Path path) throws IOException;
    }

    /** An open channel on the file the path named, verified when {@code lock} is non-null. */
    private record Opened(FileChannel channel, FileLock lock, Object fileKey) {
    }

    private final FencingTokens tokens;
    private final Duration staleAfter;
    private final InstantSource clock;
    private final Opener opener;
    private final ProcessIdentity self = ProcessIdentity.current();

    LockFileProtocol(FencingTokens tokens, Duration staleAfter, InstantSource clock, Opener opener) {
        this.opener = Objects.requireNonNull(opener, "opener is null");
        this.tokens = Objects.requireNonNull(tokens, "tokens is null");
        this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    Outcome take(Path path, String sessionKey, String turnId) throws IOException {
        for (int round = 0; round < RACE_RETRIES; round++) {
            Opened opened = open(path, true);
            if (opened == null) {
                continue;
            }
            if (opened.lock() == null) {
                return busy(opened);
            }
            try {
                Optional<LockHolder> previous = LockFileCodec.decode(LockChannels.read(opened.channel()));
                if (previous.isPresent() && livesElsewhere(previous.get())) {
                    LockChannels.closeQuietly(opened.channel());
                    return new Outcome(null, previous.get(), false);
                }
                LockHolder holder = new LockHolder(sessionKey, self.pid(), self.startTime(), self.hostname(),
                        tokens.next(), clock.millis(), turnId);
                LockChannels.overwrite(opened.channel(), LockFileCodec.encode(holder));
                previous.ifPresent(p -> LOG.log(Level.WARNING, "taking over stale session lock " + path + ": " + describe(p)));
                Handle handle = new Handle(path, opened.channel(), opened.lock(), opened.fileKey(), holder);
                return new Outcome(handle, null, previous.isPresent());
            } catch (IOException | RuntimeException e) {
                LockChannels.closeQuietly(opened.channel());
                throw e;
            }
        }
        return new Outcome(null, null, false);
    }

    /** Deletes the file while its OS lock is held, then releases and closes. */
    void release(Handle handle) throws IOException {
        try {
            Object current = Files.exists(handle.path(), LinkOption.NOFOLLOW_LINKS) ? fileKey(handle.path()) : null;
            if (current != null && current.equals(handle.fileKey())) {
                Files.deleteIfExists(handle.path());
            } else {
                LOG.log(Level.WARNING, "session lock file " + handle.path() + " was replaced or removed while held "
                        + "by this process; leaving the path alone");
            }
        } finally {
            LockChannels.closeQuietly(handle.channel());
        }
    }

    /** Who holds the file now: a live OS lock's content, or another host's file not yet stale. */
    Optional<LockHolder> probe(Path path) throws IOException {
        for (int round = 0; round < RACE_RETRIES; round++) {
            Opened opened = open(path, false);
            if (opened == null) {
                if (Files.notExists(path, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.empty();
                }
                continue;
            }
            try {
                Optional<LockHolder> recorded = LockFileCodec.decode(LockChannels.read(opened.channel()));
                return opened.lock() == null ? recorded : recorded.filter(this::livesElsewhere);
            } finally {
                LockChannels.closeQuietly(opened.channel());
            }
        }
        return Optional.empty();
    }

    /** Removes the file if its holder is gone (OS lock free; another host's only once stale). */
    boolean removeIfStale(Path path) throws IOException {
        Opened opened = open(path, false);
        if (opened == null || opened.lock() == null) {
            if (opened != null) {
                LockChannels.closeQuietly(opened.channel());
            }
            return false;
        }
        try {
            Optional<LockHolder> recorded = LockFileCodec.decode(LockChannels.read(opened.channel()));
            if (recorded.isPresent() && livesElsewhere(recorded.get())) {
                return false;
            }
            Files.delete(path);
            LOG.log(Level.WARNING, "removed stale session lock " + path + ": "
                    + recorded.map(this::describe).orElse("no holder recorded"));
            return true;
        } finally {
            LockChannels.closeQuietly(opened.channel());
        }
    }

    /** Another host's lock that is younger than {@code staleAfter}: its OS lock may be invisible to us. */
    boolean livesElsewhere(LockHolder holder) {
        return !self.sameHost(holder.hostname()) && clock.millis() - holder.acquiredAt() < staleAfter.toMillis();
    }

    String describe(LockHolder holder) {
        String base = "holder pid " + holder.pid() + " on " + holder.hostname() + " (key " + holder.sessionKey()
                + ", token " + holder.token() + ", acquired at " + Instant.ofEpochMilli(holder.acquiredAt()) + ")";
        if (!self.sameHost(holder.hostname())) {
            return base + " is on another host and older than " + staleAfter;
        }
        return base + " released no OS lock; " + ProcessIdentity.describeLiveness(holder.pid(), holder.startTime());
    }

    /**
     * Opens the file the path names and tries its OS lock. Returns null when the path vanished or was
     * replaced under us (retry), an unlocked {@link Opened} when another holds the OS lock.
     */
    private Opened open(Path path, boolean create) throws IOException {
        if (create) {
            try {
                Files.createFile(path);
            } catch (FileAlreadyExistsException e) {
                // someone else's, or a leftover: decided below
            }
        }
        FileChannel channel = null;
        try {
            Object before = fileKey(path);
            channel = opener.open(path);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return new Opened(channel, null, before);
            }
            if (!Objects.equals(before, fileKey(path))) {
                LockChannels.closeQuietly(channel);
                return null;
            }
            return new Opened(channel, lock, before);
        } catch (NoSuchFileException e) {
            LockChannels.closeQuietly(channel);
            return null;
        } catch (IOException | RuntimeException e) {
            LockChannels.closeQuietly(channel);
            throw e;
        }
    }

    private Outcome busy(Opened opened) throws IOException {
        try {
            return new Outcome(null, LockFileCodec.decode(LockChannels.read(opened.channel())).orElse(null), false);
        } finally {
            LockChannels.closeQuietly(opened.channel());
        }
    }

    /** The inode identity ("(dev=…,ino=…)" on Unix) the path names now. */
    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
