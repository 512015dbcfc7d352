package com.example.flaky;

import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.CompactorProvider;
import java.util.Map;

public final class FlakyCompactorProvider implements CompactorProvider {
    @Override
    public String name() {
        return "flaky";
    }

    @Override
    public String description() {
        return "misbehaves on purpose";
    }

    @Override
    public Compactor create(Map<String, String> config) {
        String b = Behaviour.of(config);
        return req -> Behaviour.act(b, new CompactionResult.Unchanged("flaky ok"));
    }
}
