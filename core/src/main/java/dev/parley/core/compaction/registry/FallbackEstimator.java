package dev.parley.core.compaction.registry;

import dev.parley.compaction.spi.TokenEstimator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A plugin estimator that falls back to {@code heuristic} for any call where it throws or returns a negative
 * count. Each fallback is counted; the first one per instance is logged as a WARNING. No timeout: estimators are
 * called on the hot path and must be fast (SPEC §1.1). Thread-safe if the delegate is.
 */
final class FallbackEstimator implements TokenEstimator {
    private static final System.Logger LOG = System.getLogger(FallbackEstimator.class.getName());

    private final Registered plugin;
    private final TokenEstimator delegate;
    private final TokenEstimator fallback;
    private final LongAdder fallbacks;
    private final AtomicBoolean warned = new AtomicBoolean();

    FallbackEstimator(Registered plugin, TokenEstimator delegate, TokenEstimator fallback, LongAdder fallbacks) {
        this.plugin = plugin;
        this.delegate = delegate;
        this.fallback = fallback;
        this.fallbacks = fallbacks;
    }

    @Override
    public int estimate(String text) {
        String problem;
        Throwable error = null;
        try {
            int n = delegate.estimate(text);
            if (n >= 0) {
                return n;
            }
            problem = "returned " + n;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            problem = "threw " + t;
            error = t;
        }
        fallbacks.increment();
        if (warned.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, plugin.label() + " " + problem
                    + "; using heuristic for this call (logged once; later fallbacks are only counted)", error);
        }
        return fallback.estimate(text);
    }

    @Override
    public String toString() {
        return plugin.label();
    }
}
