package dev.parley.core.compaction.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.compaction.spi.CompactionReason;
import dev.parley.compaction.spi.CompactionRequest;
import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.CompactionSettings;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.CompactorProvider;
import dev.parley.compaction.spi.testkit.Histories;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualCompactorTest {
    private static final Compactor MANUAL = new ManualCompactorProvider().create(Map.of());

    private static CompactionResult run(CompactionReason reason) throws Exception {
        CompactionRequest req = new CompactionRequest("agent:main:main", Histories.random(9, 20, 1), 10,
                new CompactionSettings(2, 400, true, null), reason, null,
                r -> CompletableFuture.failedFuture(new AssertionError("manual never summarises")),
                Histories.CHARS_OVER_4);
        return MANUAL.compact(req).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void onOverflowItTellsTheUserToRunCompact() throws Exception {
        assertThat(run(CompactionReason.OVERFLOW)).isEqualTo(
                new CompactionResult.Unchanged("Context overflow, run /compact"));
    }

    @Test
    void calledForAManualCompactionItStillChangesNothing() throws Exception {
        assertThat(run(CompactionReason.MANUAL)).isInstanceOf(CompactionResult.Unchanged.class)
                .isNotEqualTo(new CompactionResult.Unchanged(ManualCompactorProvider.OVERFLOW_NOTICE));
    }

    @Test
    void isRegisteredAsAServiceNamedManual() {
        assertThat(ServiceLoader.load(CompactorProvider.class).stream().map(p -> p.get().name()))
                .contains("manual");
    }
}
