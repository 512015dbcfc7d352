package dev.parley.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session locks between real processes: child JVMs running {@link LockChildMain}. */
class SessionLocksProcessIT {
    private static final Duration CHILD_WAIT = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path tmp;

    @Test
    void twoProcessesContendingForOneLockLoseNoUpdateAndNeverOverlap() throws Exception {
        int iterations = 40;
        Path locksDir = tmp.resolve("locks");
        Path data = Files.createDirectories(tmp.resolve("data"));
        try (ChildJvm a = contender(locksDir, "a", data, iterations);
                ChildJvm b = contender(locksDir, "b", data, iterations)) {
            a.awaitLine("READY", CHILD_WAIT);
            b.awaitLine("READY", CHILD_WAIT);
            long started = System.nanoTime();
            Files.createFile(data.resolve("go"));

            System.out.println("child a: " + a.awaitLine("DONE", CHILD_WAIT) + "; child b: " + b.awaitLine("DONE", CHILD_WAIT));
            System.out.println("two-process contention: " + 2 * iterations + " acquisitions in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
            assertThat(a.awaitExit(CHILD_WAIT)).isZero();
            assertThat(b.awaitExit(CHILD_WAIT)).isZero();
        }

        assertThat(Files.readString(data.resolve("counter")).strip()).isEqualTo(Integer.toString(2 * iterations));
        List<String> witness = Files.readAllLines(data.resolve("witness"));
        assertNoOverlap(witness, 2 * iterations);
        System.out.println("two-process contention: the lock changed process " + handoffs(witness) + " times");
        assertThat(locksDir.resolve(LockChildMain.STEM + ".lock")).doesNotExist();
    }

    @Test
    void theLockOfASigkilledHolderIsTakenOverBeforeTheTimeout() throws Exception {
        Path locksDir = tmp.resolve("locks");
        SessionLocks locks = new SessionLocks(locksDir, FencingTokens.open(tmp.resolve("state")), TIMEOUT,
                Duration.ofMinutes(30), InstantSource.system());
        try (ChildJvm child = ChildJvm.start(tmp, "hold", locksDir.toString(), tmp.resolve("child-state").toString(),
                LockChildMain.STEM)) {
            long childToken = Long.parseLong(child.awaitLine("HELD", CHILD_WAIT).substring("HELD ".length()));
            assertThat(locks.tryAcquire(LockChildMain.KEY, LockChildMain.STEM, null)).isEmpty();
            assertThat(locks.holder(LockChildMain.STEM)).hasValueSatisfying(h -> {
                assertThat(h.pid()).isEqualTo(child.pid());
                assertThat(h.token()).isEqualTo(childToken);
                assertThat(h.turnId()).isEqualTo("turn-held");
            });
            assertThat(locks.cleanStale()).isZero();

            long killedAt = System.nanoTime();
            child.process().destroyForcibly();
            try (SessionLock lock = locks.acquire(LockChildMain.KEY, LockChildMain.STEM, null)) {
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                System.out.println("takeover after SIGKILL of the holder: " + ms + " ms (timeout " + TIMEOUT.toMillis() + " ms)");
                assertThat(lock.holder().pid()).isEqualTo(ProcessHandle.current().pid());
            }
            assertThat(locks.staleTakeovers()).isEqualTo(1);
            assertThat(locks.timeouts()).isZero();
        } finally {
            locks.close();
        }
    }

    @Test
    void cleanStaleRemovesTheFileOfAKilledHolder() throws Exception {
        Path locksDir = tmp.resolve("locks");
        try (ChildJvm child = ChildJvm.start(tmp, "hold", locksDir.toString(), tmp.resolve("child-state").toString(), "x")) {
            child.awaitLine("HELD", CHILD_WAIT);
            child.process().destroyForcibly();
            child.awaitExit(CHILD_WAIT);
        }
        assertThat(locksDir.resolve("x.lock")).exists();
        SessionLocks locks = new SessionLocks(locksDir, FencingTokens.open(tmp.resolve("state")), TIMEOUT,
                Duration.ofMinutes(30), InstantSource.system());
        try {
            assertThat(locks.holder("x")).isEmpty();
            assertThat(locks.cleanStale()).isEqualTo(1);
            assertThat(locksDir.resolve("x.lock")).doesNotExist();
        } finally {
            locks.close();
        }
    }

    private ChildJvm contender(Path locksDir, String name, Path data, int iterations) throws Exception {
        return ChildJvm.start(tmp, "contend", locksDir.toString(), tmp.resolve("state-" + name).toString(),
                data.toString(), Integer.toString(iterations));
    }

    private static long handoffs(List<String> witness) {
        long count = 0;
        for (int i = 2; i < witness.size(); i += 2) {
            count += witness.get(i).split(" ")[1].equals(witness.get(i - 2).split(" ")[1]) ? 0 : 1;
        }
        return count;
    }

    /** Lines alternate enter/exit of one pid with one token; each pid's tokens grow. */
    private static void assertNoOverlap(List<String> witness, int acquisitions) {
        assertThat(witness).hasSize(2 * acquisitions);
        Map<String, Long> lastToken = new HashMap<>();
        for (int i = 0; i < witness.size(); i += 2) {
            String[] enter = witness.get(i).split(" ");
            String[] exit = witness.get(i + 1).split(" ");
            assertThat(enter[0]).as("line %d", i).isEqualTo("enter");
            assertThat(exit[0]).as("line %d", i + 1).isEqualTo("exit");
            assertThat(exit[1]).as("line %d", i + 1).isEqualTo(enter[1]);
            assertThat(exit[2]).as("line %d", i + 1).isEqualTo(enter[2]);
            long token = Long.parseLong(enter[2]);
            assertThat(token).isGreaterThan(lastToken.getOrDefault(enter[1], 0L));
            lastToken.put(enter[1], token);
        }
        assertThat(lastToken).hasSize(2);
    }
}
