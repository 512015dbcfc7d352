package dev.parley.core.session;

import dev.parley.core.transcript.FsyncMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * Everything core needs to open a state dir. The app builds it from its typed configuration; tests
 * build it with {@link #defaults(Path)} and the {@code with…} methods.
 *
 * @param bindings {@code "<channel>.<accountId>" -> agentId} (SPEC §10.2)
 * @param dmScope {@code per-channel-peer} or {@code main}
 * @param properties every {@code parley.*} configuration property as text: the per-agent and per-plugin settings
 *                   (compaction, context, plugin configuration) core reads itself
 */
public record SessionOptions(
        Path stateDir,
        String defaultAgent,
        String dmScope,
        Map<String, String> bindings,
        FsyncMode fsync,
        Duration fsyncInterval,
        Duration metadataFlush,
        Duration reopenAfter,
        Duration lockTimeout,
        Duration lockStaleAfter,
        int maxMessageBytes,
        int workerThreads,
        InstantSource clock,
        Map<String, String> properties) {

    public SessionOptions {
        Objects.requireNonNull(stateDir, "stateDir is null");
        Objects.requireNonNull(defaultAgent, "defaultAgent is null");
        Objects.requireNonNull(dmScope, "dmScope is null");
        bindings = Map.copyOf(bindings);
        Objects.requireNonNull(fsync, "fsync is null");
        Objects.requireNonNull(fsyncInterval, "fsyncInterval is null");
        Objects.requireNonNull(metadataFlush, "metadataFlush is null");
        Objects.requireNonNull(reopenAfter, "reopenAfter is null");
        Objects.requireNonNull(lockTimeout, "lockTimeout is null");
        Objects.requireNonNull(lockStaleAfter, "lockStaleAfter is null");
        Objects.requireNonNull(clock, "clock is null");
        properties = Map.copyOf(properties);
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive");
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be positive");
        }
    }

    /** The embedded defaults of SPEC §15 for the given state dir. */
    public static SessionOptions defaults(Path stateDir) {
        return new SessionOptions(stateDir, "main", "per-channel-peer", Map.of(), FsyncMode.ALWAYS,
                Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofMinutes(30), 256 * 1024, Math.max(4, Runtime.getRuntime().availableProcessors() * 4),
                InstantSource.system(), Map.of());
    }

    public SessionOptions withFsync(FsyncMode mode) {
        return new SessionOptions(stateDir, defaultAgent, dmScope, bindings, mode, fsyncInterval, metadataFlush,
                reopenAfter, lockTimeout, lockStaleAfter, maxMessageBytes, workerThreads, clock, properties);
    }

    public SessionOptions withRouting(String defaultAgent, String dmScope, Map<String, String> bindings) {
        return new SessionOptions(stateDir, defaultAgent, dmScope, bindings, fsync, fsyncInterval, metadataFlush,
                reopenAfter, lockTimeout, lockStaleAfter, maxMessageBytes, workerThreads, clock, properties);
    }

    public SessionOptions withTimings(Duration fsyncInterval, Duration metadataFlush, Duration reopenAfter) {
        return new SessionOptions(stateDir, defaultAgent, dmScope, bindings, fsync, fsyncInterval, metadataFlush,
                reopenAfter, lockTimeout, lockStaleAfter, maxMessageBytes, workerThreads, clock, properties);
    }

    public SessionOptions withLocks(Duration lockTimeout, Duration lockStaleAfter) {
        return new SessionOptions(stateDir, defaultAgent, dmScope, bindings, fsync, fsyncInterval, metadataFlush,
                reopenAfter, lockTimeout, lockStaleAfter, maxMessageBytes, workerThreads, clock, properties);
    }

    public SessionOptions withMaxMessageBytes(int maxMessageBytes) {
        return new SessionOptions(stateDir, defaultAgent, dmScope, bindings, fsync, fsyncInterval, metadataFlush,
                reopenAfter, lockTimeout, lockStaleAfter, maxMessageBytes, workerThreads, clock, properties);
    }

    public SessionOptions withWorkerThreads(int workerThreads) {
        return new SessionOptions(stateDir, defaultAgent, dmScope, bindings, fsync, fsyncInterval, metadataFlush,
                reopenAfter, lockTimeout, lockStaleAfter, maxMessageBytes, workerThreads, clock, properties);
    }

    public SessionOptions withClock(InstantSource clock) {
        return new SessionOptions(stateDir, defaultAgent, dmScope, bindings, fsync, fsyncInterval, metadataFlush,
                reopenAfter, lockTimeout, lockStaleAfter, maxMessageBytes, workerThreads, clock, properties);
    }

    public SessionOptions withProperties(Map<String, String> properties) {
        return new SessionOptions(stateDir, defaultAgent, dmScope, bindings, fsync, fsyncInterval, metadataFlush,
                reopenAfter, lockTimeout, lockStaleAfter, maxMessageBytes, workerThreads, clock, properties);
    }
}
