package dev.parley.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release race of SPEC §8.1, made deterministic at the OS boundary: right after our open, another
 * process's releaser deletes the file (and maybe a newcomer creates a fresh one), so our OS lock
 * lands on an unlinked inode. The lock must not be trusted; the acquisition retries on the path's
 * current file.
 */
class LockFileRaceTest {
    private static final String KEY = "agent:main:test:dm:race";
    private static final String STEM = "race";

    @TempDir
    Path tmp;
    private final TestClock clock = new TestClock(Instant.parse("2026-01-27T12:00:00Z"));

    @Test
    void aLockFileUnlinkedBetweenOpenAndLockIsNotTrusted() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        SessionLocks locks = locks((path, channel) -> Files.delete(path), opens);

        try (SessionLock lock = locks.acquire(KEY, STEM, null)) {
            assertThat(opens.get()).isEqualTo(2);
            assertHeldAtPath(lock);
        } finally {
            locks.close();
        }
    }

    @Test
    void aLockFileReplacedBetweenOpenAndLockIsNotTrusted() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        SessionLocks locks = locks((path, channel) -> {
            Files.delete(path);
            Files.write(path, new ObjectMapper().writeValueAsBytes(Map.of("sessionKey", KEY, "pid", 999_999_999L,
                    "startTime", 1, "hostname", ProcessIdentity.current().hostname(), "token", 3, "acquiredAt", 1)));
        }, opens);

        try (SessionLock lock = locks.acquire(KEY, STEM, null)) {
            assertThat(opens.get()).isEqualTo(2);
            assertHeldAtPath(lock);
            assertThat(locks.staleTakeovers()).isEqualTo(1); // the newcomer's file, whose holder is dead
        } finally {
            locks.close();
        }
    }

    private void assertHeldAtPath(SessionLock lock) throws IOException {
        Path file = tmp.resolve("locks").resolve(STEM + ".lock");
        assertThat(file).exists();
        assertThat(new ObjectMapper().readTree(Files.readAllBytes(file)).get("token").asLong()).isEqualTo(lock.token());
    }

    /** Runs {@code race} once, right after the first open. */
    private SessionLocks locks(Race race, AtomicInteger opens) {
        LockFileProtocol.Opener opener = path -> {
            FileChannel channel = LockFileProtocol.Opener.DEFAULT.open(path);
            if (opens.incrementAndGet() == 1) {
                race.run(path, channel);
            }
            return channel;
        };
        return new SessionLocks(tmp.resolve("locks"), FencingTokens.open(tmp.resolve("state")), Duration.ofSeconds(2),
                Duration.ofMinutes(30), clock, opener);
    }

    @FunctionalInterface
    private interface Race {
        void run(Path path, FileChannel opened) throws IOException;
    }
}
