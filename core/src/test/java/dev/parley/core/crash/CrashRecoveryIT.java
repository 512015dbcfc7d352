package dev.parley.core.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §17 "durable", the quick version run by {@code ./mvnw verify}: a few kill-9 cycles of {@link CrashLoop}.
 * The long run is {@link CrashLoopSlowIT}. Replay a run with {@code -Dparley.crash.seed=<seed>}.
 */
class CrashRecoveryIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run leaves its state dir and children.log
    Path dir;

    @Test
    void noAcknowledgedAppendIsLostWhenTheWriterIsKilledAtRandomMoments() throws Exception {
        CrashLoop.Totals totals = new CrashLoop(dir, CrashLoop.seed()).run(CrashLoop.cycles(6));

        assertThat(totals.acknowledgedEntries()).as("the children acknowledged something to check").isPositive();
    }
}
