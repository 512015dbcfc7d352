package dev.parley.core.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Child JVM for the lock tests (started by {@link ChildJvm}). Modes:
 * <ul>
 *   <li>{@code contend <locksDir> <tokensDir> <dataDir> <iterations>}: prints {@code READY}, waits for {@code dataDir/go},
 *       then per iteration: acquire, read the counter, sleep, write counter+1, append enter/exit lines
 *       to the witness, release. Prints {@code DONE}.</li>
 *   <li>{@code hold <locksDir> <tokensDir> <stem>}: acquires and prints {@code HELD <token>}.</li>
 *   <li>{@code statedir <stateDir>}: takes the state-dir lock and prints {@code HELD}.</li>
 *   <li>{@code try-statedir <stateDir>}: prints {@code RESULT ACQUIRED} or {@code RESULT LOCKED <message>}, exits.</li>
 * </ul>
 * Holding modes wait until stdin closes, so a child never outlives its test process.
 */
public final class LockChildMain {
    static final String KEY = "agent:main:test:dm:shared";
    static final String STEM = "agent_main_test_dm_shared";

    private LockChildMain() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "contend" -> contend(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]));
            case "hold" -> hold(Path.of(args[1]), Path.of(args[2]), args[3]);
            case "statedir" -> {
                StateDirLock lock = StateDirLock.acquire(Path.of(args[1]), InstantSource.system());
                System.out.println("HELD " + ProcessHandle.current().pid());
                awaitStdinClosed();
                lock.close();
            }
            case "try-statedir" -> {
                try (StateDirLock lock = StateDirLock.acquire(Path.of(args[1]), InstantSource.system())) {
                    System.out.println("RESULT ACQUIRED");
                } catch (StateDirLockedException e) {
                    System.out.println("RESULT LOCKED " + e.getMessage());
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.out.flush();
    }

    private static void contend(Path locksDir, Path tokensDir, Path dataDir, int iterations) throws Exception {
        SessionLocks locks = new SessionLocks(locksDir, FencingTokens.open(tokensDir), Duration.ofSeconds(20),
                Duration.ofMinutes(30), InstantSource.system());
        Path counter = dataDir.resolve("counter");
        Path witness = dataDir.resolve("witness");
        System.out.println("READY");
        System.out.flush();
        while (!Files.exists(dataDir.resolve("go"))) {
            Thread.sleep(2);
        }
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < iterations; i++) {
            try (SessionLock lock = locks.acquire(KEY, STEM, "turn-" + pid + "-" + i)) {
                append(witness, "enter " + pid + " " + lock.token());
                int value = Files.exists(counter) ? Integer.parseInt(Files.readString(counter).strip()) : 0;
                Thread.sleep(1);
                Files.writeString(counter, Integer.toString(value + 1));
                append(witness, "exit " + pid + " " + lock.token());
            }
            Thread.sleep(5); // a real turn does other work between locks; without it one process hogs the lock
        }
        System.out.println("DONE waits=" + locks.waits() + " stale=" + locks.staleTakeovers());
    }

    private static void hold(Path locksDir, Path tokensDir, String stem) throws IOException {
        SessionLocks locks = new SessionLocks(locksDir, FencingTokens.open(tokensDir), Duration.ofSeconds(5),
                Duration.ofMinutes(30), InstantSource.system());
        SessionLock lock = locks.acquire(KEY, stem, "turn-held");
        System.out.println("HELD " + lock.token());
        System.out.flush();
        awaitStdinClosed();
        locks.close();
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    private static void awaitStdinClosed() throws IOException {
        System.out.flush();
        while (System.in.read() >= 0) {
            // the test closes stdin (or dies) to end the child
        }
    }
}
