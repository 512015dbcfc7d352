package dev.parley.core.compaction.registry;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Configures and builds a {@link CompactionRegistry}. Every setting is optional; {@link #build()} discovers the
 * providers and validates names and timeouts.
 */
public final class CompactionRegistryBuilder {
    private Map<String, String> config = Map.of();
    private Path stateDir;
    private Path pluginsDir;
    private ClassLoader classLoader = CompactionRegistry.class.getClassLoader();
    private Duration timeout;
    private ExecutorService executor;
    private ScheduledExecutorService scheduler;

    CompactionRegistryBuilder() {}

    /** All {@code parley.*} properties, flat (other keys are ignored). Copied. Default: empty. */
    public CompactionRegistryBuilder config(Map<String, String> config) {
        this.config = Map.copyOf(requireNonNull(config, "config is null"));
        return this;
    }

    /** Plugin jars are loaded from {@code <stateDir>/plugins/*.jar} (a missing directory means none). */
    public CompactionRegistryBuilder stateDir(Path stateDir) {
        this.stateDir = stateDir;
        return this;
    }

    /** An extra plugin directory; default: {@code parley.plugins.dir} from the config, if set. */
    public CompactionRegistryBuilder pluginsDir(Path pluginsDir) {
        this.pluginsDir = pluginsDir;
        return this;
    }

    /** The application's class loader: built-ins, and the parent of every plugin loader. */
    public CompactionRegistryBuilder classLoader(ClassLoader classLoader) {
        this.classLoader = requireNonNull(classLoader, "classLoader is null");
        return this;
    }

    /** The global timeout; default: {@code parley.session.compaction.timeout} from the config, else 120s. */
    public CompactionRegistryBuilder timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /**
     * Runs plugin calls; not shut down by the registry. It must not be a small bounded pool: a compactor may wait
     * for a summariser call that runs on it too. Default: a cached pool of daemon threads the registry owns.
     */
    public CompactionRegistryBuilder executor(ExecutorService executor) {
        this.executor = executor;
        return this;
    }

    /** Fires timeouts; not shut down by the registry. Default: one daemon thread the registry owns. */
    public CompactionRegistryBuilder scheduler(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        return this;
    }

    /**
     * Discovers the providers and checks the configuration.
     *
     * @throws IllegalStateException    on duplicate provider names or unknown configured names
     * @throws IllegalArgumentException on an invalid timeout value (naming the key)
     */
    public CompactionRegistry build() {
        Duration global = ProviderConfig.globalTimeout(config, timeout);
        Map<String, Duration> perAgent = ProviderConfig.agentTimeouts(config);
        Path extra = pluginsDir;
        if (extra == null && config.get(ProviderConfig.PLUGINS_DIR_KEY) != null
                && !config.get(ProviderConfig.PLUGINS_DIR_KEY).isBlank()) {
            extra = Path.of(config.get(ProviderConfig.PLUGINS_DIR_KEY).strip());
        }
        PluginDiscovery found = PluginDiscovery.discover(classLoader,
                stateDir == null ? null : stateDir.resolve("plugins"), extra);
        CompactionRegistry registry = null;
        ExecutorService ownExecutor = executor == null ? Executors.newCachedThreadPool(daemons("parley-plugin-call-"))
                : null;
        ScheduledExecutorService ownScheduler = scheduler == null ? timer() : null;
        try {
            found.requireUniqueNames();
            PluginCalls calls = new PluginCalls(executor == null ? ownExecutor : executor,
                    scheduler == null ? ownScheduler : scheduler);
            registry = new CompactionRegistry(found, config, global, perAgent, calls, () -> {
                if (ownExecutor != null) {
                    ownExecutor.shutdownNow();
                }
                if (ownScheduler != null) {
                    ownScheduler.shutdownNow();
                }
            });
            ConfiguredNames.check(config, registry.tables());
            return registry;
        } catch (RuntimeException | Error e) {
            if (registry != null) {
                registry.close();
            } else {
                found.loaders.forEach(PluginDiscovery::closeQuietly);
                if (ownExecutor != null) {
                    ownExecutor.shutdownNow();
                }
                if (ownScheduler != null) {
                    ownScheduler.shutdownNow();
                }
            }
            throw e;
        }
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemons("parley-plugin-timer-"));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
