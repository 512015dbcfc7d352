package dev.parley.core.compaction.registry;

import static java.util.Objects.requireNonNull;

import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.Summarizer;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.core.compaction.builtin.HeuristicEstimatorProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The compaction plugins of this process (SPEC §1.1): every {@code CompactorProvider}, {@code SummarizerProvider}
 * and {@code TokenEstimatorProvider} on the class path ({@code built-in}) and in {@code <stateDir>/plugins/*.jar}
 * and {@code parley.plugins.dir}, each jar with its own class loader. Built with {@link #builder()}; building
 * fails with an {@link IllegalStateException} when two providers of one kind share a name (naming both sources)
 * or a configured name is unknown (listing the available names).
 *
 * <p>Instances: {@link #compactor}, {@link #summarizer} and {@link #estimator} return one instance per (provider,
 * agent), created with the provider's configuration: the keys under {@code parley.<kind>s.<name>.*} (prefix
 * stripped), overlaid by {@code parley.agents.<agentId>.<kind>s.<name>.*}. Compactors and summarisers come
 * guarded: each call runs on the plugin executor with the agent's timeout
 * ({@code parley.agents.<id>.compaction.timeout}, else {@code parley.session.compaction.timeout}, else 120s), and
 * any failure, null or empty result or timeout fails the stage with a {@link PluginFailedException} naming the
 * plugin; {@link VirtualMachineError}s are passed on unwrapped. Estimators fall back to {@code heuristic} for a
 * call that throws ({@link #estimatorFallbacks()} counts them).
 *
 * <p>Design notes. Everything but the instance cache is fixed when {@code build()} returns, so reads need no
 * locks. The cache is a {@link ConcurrentHashMap}: a provider's {@code create()} runs inside
 * {@code computeIfAbsent} (at most once per key; it must be quick and must not call back into the registry). A
 * stage returned by a guarded call may complete on the timer thread (see {@link PluginCalls}): continue
 * asynchronously. {@link #close()} is idempotent: it closes the plugin class loaders and stops the executors the
 * registry created; calls after it fail.
 */
public final class CompactionRegistry implements AutoCloseable {
    private final Map<ProviderKind, SortedMap<String, Registered>> byKind;
    private final List<PluginClassLoader> loaders;
    private final List<String> warnings;
    private final Map<String, String> config;
    private final Duration globalTimeout;
    private final Map<String, Duration> agentTimeouts;
    private final PluginCalls calls;
    private final Runnable shutdownOwned;
    private final ConcurrentHashMap<InstanceKey, Object> instances = new ConcurrentHashMap<>();
    private final LongAdder estimatorFallbacks = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();

    private record InstanceKey(ProviderKind kind, String name, String agentId) {}

    CompactionRegistry(PluginDiscovery found, Map<String, String> config, Duration globalTimeout,
                       Map<String, Duration> agentTimeouts, PluginCalls calls, Runnable shutdownOwned) {
        Map<ProviderKind, SortedMap<String, Registered>> tables = new EnumMap<>(ProviderKind.class);
        for (ProviderKind kind : ProviderKind.values()) {
            tables.put(kind, new TreeMap<>());
        }
        found.registered.forEach(r -> tables.get(r.kind()).put(r.name(), r));
        tables.replaceAll((k, v) -> Collections.unmodifiableSortedMap(v));
        this.byKind = Collections.unmodifiableMap(tables);
        this.loaders = List.copyOf(found.loaders);
        this.warnings = List.copyOf(found.warnings);
        this.config = config;
        this.globalTimeout = globalTimeout;
        this.agentTimeouts = agentTimeouts;
        this.calls = calls;
        this.shutdownOwned = shutdownOwned;
    }

    /** Starts configuring a registry. */
    public static CompactionRegistryBuilder builder() {
        return new CompactionRegistryBuilder();
    }

    /** What {@code compaction.strategies} returns: every provider by kind, sorted by name. */
    public Strategies strategies() {
        return new Strategies(infos(ProviderKind.COMPACTOR), infos(ProviderKind.SUMMARIZER),
                infos(ProviderKind.ESTIMATOR));
    }

    private List<StrategyInfo> infos(ProviderKind kind) {
        List<StrategyInfo> out = new ArrayList<>();
        byKind.get(kind).values().forEach(r -> out.add(r.info()));
        return out;
    }

    /**
     * The guarded compactor {@code name} for {@code agentId} (null: the global configuration only).
     *
     * @throws IllegalArgumentException naming the available compactors when {@code name} is unknown
     * @throws IllegalStateException    when the provider rejects its configuration (its message is included)
     */
    public Compactor compactor(String name, String agentId) {
        return (Compactor) instance(ProviderKind.COMPACTOR, name, agentId);
    }

    /** The guarded summariser {@code name} for {@code agentId}; throws like {@link #compactor}. */
    public Summarizer summarizer(String name, String agentId) {
        return (Summarizer) instance(ProviderKind.SUMMARIZER, name, agentId);
    }

    /** The estimator {@code name} for {@code agentId}, falling back to heuristic per failed call. */
    public TokenEstimator estimator(String name, String agentId) {
        return (TokenEstimator) instance(ProviderKind.ESTIMATOR, name, agentId);
    }

    /** The timeout guarded calls get for {@code agentId} (null: the global one). */
    public Duration timeout(String agentId) {
        return agentId == null ? globalTimeout : agentTimeouts.getOrDefault(agentId, globalTimeout);
    }

    /** How many estimator calls fell back to {@code heuristic} so far. */
    public long estimatorFallbacks() {
        return estimatorFallbacks.sum();
    }

    /** The providers and jars skipped while loading, one line each (also logged as warnings). */
    public List<String> loadWarnings() {
        return warnings;
    }

    private Object instance(ProviderKind kind, String name, String agentId) {
        requireNonNull(name, "name is null");
        if (closed.get()) {
            throw new IllegalStateException("the compaction registry is closed");
        }
        Registered r = byKind.get(kind).get(name);
        if (r == null) {
            throw new IllegalArgumentException(ConfiguredNames.unknown(kind, name, byKind.get(kind)));
        }
        return instances.computeIfAbsent(new InstanceKey(kind, name, agentId), k -> create(r, agentId));
    }

    private Object create(Registered r, String agentId) {
        Map<String, String> cfg = ProviderConfig.of(config, r.kind(), r.name(), agentId);
        String forAgent = agentId == null ? "" : " for agent " + agentId;
        Object raw;
        try {
            raw = r.kind().create(r.provider(), cfg);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(r.label() + " rejected its configuration" + forAgent + ": "
                    + t.getMessage(), t);
        }
        if (raw == null) {
            throw new IllegalStateException(r.label() + " returned null from create()" + forAgent);
        }
        return switch (r.kind()) {
            case COMPACTOR -> calls.compactor(r, (Compactor) raw, timeout(agentId));
            case SUMMARIZER -> calls.summarizer(r, (Summarizer) raw, timeout(agentId));
            case ESTIMATOR -> raw == HeuristicEstimatorProvider.estimator() ? raw
                    : new FallbackEstimator(r, (TokenEstimator) raw, HeuristicEstimatorProvider.estimator(),
                            estimatorFallbacks);
        };
    }

    /** Closes the plugin class loaders and stops the executors the registry created. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        shutdownOwned.run();
        loaders.forEach(PluginDiscovery::closeQuietly);
    }

    /** Package-private: the loaders, so tests can see they are closed. */
    List<PluginClassLoader> loaders() {
        return loaders;
    }

    Map<ProviderKind, SortedMap<String, Registered>> tables() {
        return byKind;
    }
}
