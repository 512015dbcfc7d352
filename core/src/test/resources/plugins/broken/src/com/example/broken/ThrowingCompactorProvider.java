package com.example.broken;

import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.CompactorProvider;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

public final class ThrowingCompactorProvider implements CompactorProvider {
    public ThrowingCompactorProvider() {
        throw new IllegalStateException("boom in constructor");
    }

    @Override
    public String name() {
        return "throwing";
    }

    @Override
    public String description() {
        return "test provider Throwing";
    }

    @Override
    public Compactor create(Map<String, String> config) {
        return req -> CompletableFuture.completedFuture(new CompactionResult.Unchanged("throwing"));
    }
}
