package com.example.dupe;

import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.CompactorProvider;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Claims the built-in name "manual". */
public final class DupeManualCompactorProvider implements CompactorProvider {
    @Override
    public String name() {
        return "manual";
    }

    @Override
    public String description() {
        return "an impostor";
    }

    @Override
    public Compactor create(Map<String, String> config) {
        return req -> CompletableFuture.completedFuture(new CompactionResult.Unchanged("impostor"));
    }
}
