package dev.parley.core.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session locks within one JVM, plus leftover files written as a dead or foreign holder would leave them. */
class SessionLocksTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STALE_AFTER = Duration.ofMinutes(30);
    private static final String KEY = "agent:main:whatsapp:dm:+15555550123";
    private static final String STEM = "agent_main_whatsapp_dm_+15555550123";

    @TempDir
    Path tmp;
    private final TestClock clock = new TestClock(Instant.parse("2026-01-27T12:00:00Z"));
    private final List<SessionLocks> opened = new ArrayList<>();
    private ExecutorService pool;

    @BeforeEach
    void startPool() {
        pool = Executors.newCachedThreadPool();
    }

    @AfterEach
    void closeAll() {
        pool.shutdownNow();
        opened.forEach(SessionLocks::close);
    }

    @Test
    void aHeldLockIsAFileWithTheHolderJsonAndReleaseDeletesIt() throws Exception {
        SessionLocks locks = locks(TIMEOUT);
        Path file = locksDir().resolve(STEM + ".lock");

        try (SessionLock lock = locks.acquire(KEY, STEM, "turn-1")) {
            JsonNode json = new ObjectMapper().readTree(Files.readAllBytes(file));
            assertThat(json.get("sessionKey").asText()).isEqualTo(KEY);
            assertThat(json.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(json.get("startTime").asLong())
                    .isEqualTo(ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli());
            assertThat(json.get("hostname").asText()).isEqualTo(ProcessIdentity.current().hostname());
            assertThat(json.get("token").asLong()).isEqualTo(lock.token());
            assertThat(json.get("acquiredAt").asLong()).isEqualTo(clock.millis());
            assertThat(json.get("turnId").asText()).isEqualTo("turn-1");
            assertThat(lock.sessionKey()).isEqualTo(KEY);
            assertThat(locks.holder(STEM)).contains(lock.holder());
        }

        assertThat(file).doesNotExist();
        assertThat(locks.holder(STEM)).isEmpty();
    }

    @Test
    void theTurnIdIsLeftOutOfTheFileWhenThereIsNone() throws Exception {
        try (SessionLock lock = locks(TIMEOUT).acquire(KEY, STEM, null)) {
            JsonNode json = new ObjectMapper().readTree(Files.readAllBytes(locksDir().resolve(STEM + ".lock")));
            assertThat(json.has("turnId")).isFalse();
            assertThat(lock.holder().turnId()).isNull();
        }
    }

    @Test
    void tokensGrowWithEveryAcquisition() {
        SessionLocks locks = locks(TIMEOUT);
        long previous = 0;
        for (int i = 0; i < 20; i++) {
            String stem = i % 2 == 0 ? STEM : "other";
            try (SessionLock lock = locks.acquire(KEY, stem, null)) {
                assertThat(lock.token()).isGreaterThan(previous).isLessThan(1L << 53);
                previous = lock.token();
            }
        }
    }

    @Test
    void manyThreadsContendingForOneKeyNeverOverlap() throws Exception {
        SessionLocks locks = locks(Duration.ofSeconds(10));
        int threads = 8;
        int iterations = 50;
        int[] counter = {0};
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < iterations; i++) {
                    try (SessionLock lock = locks.acquire(KEY, STEM, null)) {
                        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        int read = counter[0];
                        Thread.yield();
                        counter[0] = read + 1;
                        inside.decrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }

        assertThat(maxInside.get()).isEqualTo(1);
        assertThat(counter[0]).isEqualTo(threads * iterations);
        assertThat(locks.timeouts()).isZero();
        assertThat(locks.waits()).isPositive();
        assertThat(locksDir().resolve(STEM + ".lock")).doesNotExist();
    }

    @Test
    void differentKeysAreHeldAtTheSameTime() throws Exception {
        SessionLocks locks = locks(TIMEOUT);
        CyclicBarrier bothHolding = new CyclicBarrier(2);
        List<Future<Long>> futures = new ArrayList<>();
        for (String stem : List.of("a", "b")) {
            futures.add(pool.submit(() -> {
                try (SessionLock lock = locks.acquire("agent:main:" + stem, stem, null)) {
                    bothHolding.await(5, TimeUnit.SECONDS); // only passes if the other key is held meanwhile
                    return lock.token();
                }
            }));
        }

        assertThat(futures.get(0).get(10, TimeUnit.SECONDS)).isNotEqualTo(futures.get(1).get(10, TimeUnit.SECONDS));
        assertThat(locks.waits()).isZero();
    }

    @Test
    void aLockHeldInThisProcessTimesOutOtherCallersWithTheHolderInTheError() throws Exception {
        SessionLocks locks = locks(Duration.ofMillis(200));
        try (SessionLock held = locks.acquire(KEY, STEM, "turn-7")) {
            assertThat(locks.tryAcquire(KEY, STEM, null)).isEmpty();

            Future<?> contender = pool.submit(() -> locks.acquire(KEY, STEM, null));

            assertThatThrownBy(() -> unwrap(contender))
                    .isInstanceOfSatisfying(ParleyException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SESSION_LOCKED);
                        assertThat(e.data().get("holder")).isEqualTo(Map.of("pid", ProcessHandle.current().pid(),
                                "hostname", ProcessIdentity.current().hostname(), "acquiredAt", clock.millis(),
                                "turnId", "turn-7"));
                    })
                    .hasMessageContaining(KEY);
            assertThat(locks.timeouts()).isEqualTo(1);
            assertThat(locks.waits()).isEqualTo(1);
            assertThat(held.isHeld()).isTrue();
        }
    }

    @Test
    void anInProcessWaiterGetsTheLockWhenItIsReleased() throws Exception {
        SessionLocks locks = locks(Duration.ofSeconds(5));
        SessionLock held = locks.acquire(KEY, STEM, null);
        Future<Long> waiter = pool.submit(() -> {
            try (SessionLock lock = locks.acquire(KEY, STEM, null)) {
                return lock.token();
            }
        });
        Thread.sleep(50);
        assertThat(waiter).isNotDone();

        held.close();

        assertThat(waiter.get(5, TimeUnit.SECONDS)).isGreaterThan(held.token());
    }

    @Test
    void twoInstancesInOneProcessExcludeEachOtherWithoutBreakingTheOsLock() throws Exception {
        SessionLocks first = locks(TIMEOUT);
        SessionLocks second = new SessionLocks(locksDir(), FencingTokens.open(tmp.resolve("state2")),
                Duration.ofMillis(100), STALE_AFTER, clock);
        opened.add(second);
        try (SessionLock held = first.acquire(KEY, STEM, null)) {
            assertThatThrownBy(() -> second.acquire(KEY, STEM, null)).isInstanceOf(ParleyException.class);
            assertThat(second.cleanStale()).isZero();
            assertThat(locksDir().resolve(STEM + ".lock")).exists();
            assertThat(second.holder(STEM)).contains(held.holder());
        }
        second.acquire(KEY, STEM, null).close();
    }

    @Test
    void aLeftoverFileNamingARecycledPidIsStaleAndTakenOverAtOnce() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try (LogCapture log = LogCapture.of(LockFileProtocol.class)) {
            long realStart = sleeper.info().startInstant().orElseThrow().toEpochMilli();
            writeLeftover(STEM, sleeper.pid(), realStart - 3_600_000, ProcessIdentity.current().hostname(), clock.millis());
            SessionLocks locks = locks(TIMEOUT);

            long started = System.nanoTime();
            try (SessionLock lock = locks.acquire(KEY, STEM, "turn-new")) {
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                System.out.println("recycled-pid takeover took " + ms + " ms");
                assertThat(lock.holder().pid()).isEqualTo(ProcessHandle.current().pid());
            }

            assertThat(locks.staleTakeovers()).isEqualTo(1);
            assertThat(locks.waits()).isZero();
            assertThat(log.messages()).anySatisfy(m -> assertThat(m)
                    .contains("pid " + sleeper.pid() + " is alive but started at").contains("recycled"));
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void aLeftoverFileOfAnExitedProcessIsTakenOverAndReportedAsNotRunning() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (LogCapture log = LogCapture.of(LockFileProtocol.class)) {
            writeLeftover(STEM, gone.pid(), 1, ProcessIdentity.current().hostname(), clock.millis());
            SessionLocks locks = locks(TIMEOUT);

            assertThat(locks.tryAcquire(KEY, STEM, null)).isPresent();

            assertThat(locks.staleTakeovers()).isEqualTo(1);
            assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("pid " + gone.pid() + " is not running"));
        }
    }

    @Test
    void anEmptyLeftoverFileIsTakenWithoutCountingAStaleTakeover() throws Exception {
        Files.createDirectories(locksDir());
        Files.createFile(locksDir().resolve(STEM + ".lock"));
        SessionLocks locks = locks(TIMEOUT);

        assertThat(locks.holder(STEM)).isEmpty();
        assertThat(locks.tryAcquire(KEY, STEM, null)).isPresent();
        assertThat(locks.staleTakeovers()).isZero();
    }

    @Test
    void anotherHostsYoungLockBlocksUntilTheTimeoutAndAnOldOneIsTakenOver() throws Exception {
        long acquiredAt = clock.millis() - Duration.ofMinutes(1).toMillis();
        writeLeftover(STEM, 4242, 1, "some-other-host", acquiredAt);
        SessionLocks locks = locks(Duration.ofMillis(300));

        assertThatThrownBy(() -> locks.acquire(KEY, STEM, null))
                .isInstanceOfSatisfying(ParleyException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SESSION_LOCKED);
                    assertThat(e.data().get("holder")).isEqualTo(Map.of("pid", 4242L,
                            "hostname", "some-other-host", "acquiredAt", acquiredAt, "turnId", "turn-x"));
                })
                .hasMessageContaining("some-other-host");
        assertThat(locks.tryAcquire(KEY, STEM, null)).isEmpty();
        assertThat(locks.holder(STEM)).map(LockHolder::hostname).contains("some-other-host");
        assertThat(locks.timeouts()).isEqualTo(1);

        clock.advance(STALE_AFTER);

        try (SessionLock lock = locks.acquire(KEY, STEM, null)) {
            assertThat(lock.holder().hostname()).isEqualTo(ProcessIdentity.current().hostname());
        }
        assertThat(locks.staleTakeovers()).isEqualTo(1);
    }

    @Test
    void cleanStaleRemovesDeadAndOldForeignFilesAndKeepsLiveOnes() throws Exception {
        String host = ProcessIdentity.current().hostname();
        writeLeftover("dead", 999_999_999L, 1, host, clock.millis());
        writeLeftover("foreign-old", 7, 1, "some-other-host", clock.millis() - STALE_AFTER.toMillis() - 1);
        writeLeftover("foreign-young", 7, 1, "some-other-host", clock.millis() - 1000);
        Files.writeString(locksDir().resolve("not-a-lock.txt"), "x");
        SessionLocks locks = locks(TIMEOUT);
        try (SessionLock live = locks.acquire(KEY, "live", null)) {

            assertThat(locks.cleanStale()).isEqualTo(2);

            try (var files = Files.list(locksDir())) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("foreign-young.lock", "live.lock", "not-a-lock.txt");
            }
            assertThat(live.isHeld()).isTrue();
            assertThat(locks.holder("live")).contains(live.holder());
        }
    }

    @Test
    void closeReleasesEveryLockAndRefusesNewOnes() {
        SessionLocks locks = locks(TIMEOUT);
        SessionLock a = locks.acquire(KEY, "a", null);
        SessionLock b = locks.acquire(KEY, "b", null);

        locks.close();

        assertThat(a.isHeld()).isFalse();
        assertThat(b.isHeld()).isFalse();
        assertThat(locksDir().resolve("a.lock")).doesNotExist();
        assertThat(locksDir().resolve("b.lock")).doesNotExist();
        assertThatThrownBy(() -> locks.acquire(KEY, "a", null)).isInstanceOf(IllegalStateException.class);
        a.close(); // closing again is harmless
        SessionLocks next = locks(TIMEOUT);
        next.acquire(KEY, "a", null).close();
    }

    @Test
    void anInterruptedCallerGetsSessionLockedAndKeepsItsInterruptFlag() {
        SessionLocks locks = locks(TIMEOUT);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> locks.acquire(KEY, STEM, null))
                    .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_LOCKED))
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(locks.tryAcquire(KEY, STEM, null)).isPresent();
    }

    @Test
    void aWaiterInterruptedWhileWaitingGivesUpWithSessionLocked() throws Exception {
        SessionLocks locks = locks(Duration.ofSeconds(10));
        try (SessionLock held = locks.acquire(KEY, STEM, "turn-1")) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    locks.acquire(KEY, STEM, null).close();
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            waiter.start();
            Thread.sleep(50);

            waiter.interrupt();
            waiter.join(5_000);

            assertThat(waiter.isAlive()).isFalse();
            assertThat(thrown.get()).isInstanceOfSatisfying(ParleyException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.SESSION_LOCKED);
                assertThat(e.getMessage()).contains("interrupted");
                assertThat(e.data().get("holder")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("turnId", "turn-1");
            });
            assertThat(held.isHeld()).isTrue();
            assertThat(locks.holder(STEM)).contains(held.holder());
        }
    }

    @Test
    void stemsThatAreNotPlainFileNamesAreRejected() {
        SessionLocks locks = locks(TIMEOUT);
        for (String stem : List.of("", ".", "..", "../escape", "a/b", "a\\b", "a\0b")) {
            assertThatThrownBy(() -> locks.acquire(KEY, stem, null)).as(stem).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private SessionLocks locks(Duration timeout) {
        SessionLocks locks = new SessionLocks(locksDir(), FencingTokens.open(tmp.resolve("state")), timeout,
                STALE_AFTER, clock);
        opened.add(locks);
        return locks;
    }

    private Path locksDir() {
        return tmp.resolve("locks");
    }

    private void writeLeftover(String stem, long pid, long startTime, String hostname, long acquiredAt) throws Exception {
        Files.createDirectories(locksDir());
        Map<String, Object> json = Map.of("sessionKey", KEY, "pid", pid, "startTime", startTime, "hostname", hostname,
                "token", 5, "acquiredAt", acquiredAt, "turnId", "turn-x");
        Files.write(locksDir().resolve(stem + ".lock"), new ObjectMapper().writeValueAsBytes(json));
    }

    private static Object unwrap(Future<?> future) throws Throwable {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause();
        }
    }

}
