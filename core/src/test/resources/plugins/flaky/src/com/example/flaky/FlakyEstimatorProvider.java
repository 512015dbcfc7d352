package com.example.flaky;

import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.compaction.spi.TokenEstimatorProvider;
import java.util.Map;

public final class FlakyEstimatorProvider implements TokenEstimatorProvider {
    @Override
    public String name() {
        return "flaky";
    }

    @Override
    public String description() {
        return "misbehaves on purpose";
    }

    @Override
    public TokenEstimator create(Map<String, String> config) {
        String b = Behaviour.of(config);
        return text -> {
            if (b.equals("throw")) {
                throw new IllegalStateException("flaky estimator threw");
            }
            return b.equals("negative") ? -1 : 42;
        };
    }
}
