package dev.parley.core.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirLockTest {
    private static final Duration CHILD_WAIT = Duration.ofSeconds(20);
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-01-27T11:00:00Z"));

    @TempDir
    Path tmp;

    @Test
    void acquireCreatesTheStateDirAndRecordsTheOwnerForHumans() throws Exception {
        Path stateDir = tmp.resolve("nested/state");

        try (StateDirLock lock = StateDirLock.acquire(stateDir, CLOCK)) {
            JsonNode json = new ObjectMapper().readTree(Files.readAllBytes(stateDir.resolve(".lock")));
            assertThat(json.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(json.get("startTime").asLong())
                    .isEqualTo(ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli());
            assertThat(json.get("hostname").asText()).isEqualTo(ProcessIdentity.current().hostname());
            assertThat(json.get("startedAt").asText()).isEqualTo("2026-01-27T11:00:00Z");
            assertThat(lock.stateDir()).isEqualTo(stateDir.toRealPath());
        }
    }

    @Test
    void aSecondAcquireInThisProcessFailsWithoutDroppingTheFirstLock() throws Exception {
        Path stateDir = tmp.resolve("state");
        try (StateDirLock first = StateDirLock.acquire(stateDir, CLOCK)) {
            assertThatThrownBy(() -> StateDirLock.acquire(stateDir, CLOCK))
                    .isInstanceOf(StateDirLockedException.class)
                    .hasMessageContaining("already owned by this process");

            try (ChildJvm child = ChildJvm.start(tmp, "try-statedir", stateDir.toString())) {
                String line = child.awaitLine("RESULT", CHILD_WAIT);
                assertThat(line).startsWith("RESULT LOCKED").contains("pid " + ProcessHandle.current().pid());
            }
        }
    }

    @Test
    void closeReleasesTheLockForTheNextOwner() throws Exception {
        Path stateDir = tmp.resolve("state");
        StateDirLock.acquire(stateDir, CLOCK).close();

        try (ChildJvm child = ChildJvm.start(tmp, "try-statedir", stateDir.toString())) {
            assertThat(child.awaitLine("RESULT", CHILD_WAIT)).isEqualTo("RESULT ACQUIRED");
        }
        StateDirLock.acquire(stateDir, CLOCK).close();
    }

    @Test
    void aChildOwningTheStateDirIsNamedInTheErrorAndItsDeathFreesTheLockAtOnce() throws Exception {
        Path stateDir = tmp.resolve("state");
        try (ChildJvm child = ChildJvm.start(tmp, "statedir", stateDir.toString())) {
            child.awaitLine("HELD", CHILD_WAIT);

            assertThatThrownBy(() -> StateDirLock.acquire(stateDir, CLOCK))
                    .isInstanceOfSatisfying(StateDirLockedException.class, e -> {
                        assertThat(e.holderPid()).hasValue(child.pid());
                        assertThat(e.stateDir()).isEqualTo(realPath(stateDir));
                    })
                    .hasMessageContaining("pid " + child.pid())
                    .hasMessageContaining(ProcessIdentity.current().hostname())
                    .hasMessageContaining(stateDir.getFileName().toString());

            child.process().destroyForcibly();
            child.awaitExit(CHILD_WAIT);

            StateDirLock.acquire(stateDir, CLOCK).close();
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
