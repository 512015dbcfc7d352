package com.example.broken;

import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.CompactorProvider;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

public final class StaticBoomCompactorProvider implements CompactorProvider {
    static {
        if (Boolean.TRUE) {
            throw new IllegalStateException("boom in static initialiser");
        }
    }

    @Override
    public String name() {
        return "static-boom";
    }

    @Override
    public String description() {
        return "test provider StaticBoom";
    }

    @Override
    public Compactor create(Map<String, String> config) {
        return req -> CompletableFuture.completedFuture(new CompactionResult.Unchanged("static-boom"));
    }
}
