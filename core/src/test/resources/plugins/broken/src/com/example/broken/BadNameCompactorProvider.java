package com.example.broken;

import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.CompactorProvider;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

public final class BadNameCompactorProvider implements CompactorProvider {

    @Override
    public String name() {
        return "Bad Name";
    }

    @Override
    public String description() {
        return "test provider BadName";
    }

    @Override
    public Compactor create(Map<String, String> config) {
        return req -> CompletableFuture.completedFuture(new CompactionResult.Unchanged("Bad Name"));
    }
}
