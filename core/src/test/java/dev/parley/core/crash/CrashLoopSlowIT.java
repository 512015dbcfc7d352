package dev.parley.core.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §17 "durable": hundreds of kill-9 cycles of {@link CrashLoop} on one growing state dir. Slow (several
 * minutes on two cores), so tagged and run only by {@code ./mvnw -B -ntp -Pslow -pl core -am verify}; replay a run
 * with {@code -Dparley.crash.seed=<seed>}, change its length with {@code -Dparley.crash.cycles=<n>}.
 */
@Tag("slow")
class CrashLoopSlowIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run leaves its state dir and children.log
    Path dir;

    @Test
    void noAcknowledgedAppendIsLostAcrossHundredsOfKills() throws Exception {
        CrashLoop.Totals totals = new CrashLoop(dir, CrashLoop.seed()).run(CrashLoop.cycles(200));

        assertThat(totals.cycles()).isGreaterThanOrEqualTo(Math.min(200, CrashLoop.cycles(200)));
        assertThat(totals.acknowledgedEntries()).as("the children acknowledged something to check").isPositive();
        assertThat(totals.tornCut()).as("recovery had torn tails to cut").isPositive();
    }
}
