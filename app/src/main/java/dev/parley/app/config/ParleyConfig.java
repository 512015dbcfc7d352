package dev.parley.app.config;

import dev.parley.core.transcript.FsyncMode;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The typed {@code parley.*} configuration (SPEC §15). Every key has a default; durations use Quarkus syntax
 * ({@code 10s}, {@code 5m}); sizes accept plain bytes or a suffix ({@code 1M}, {@code 256K}). Values a type cannot
 * express (positive, within range) are checked by {@link ConfigCheck} when the service opens.
 */
@ConfigMapping(prefix = "parley")
public interface ParleyConfig {

    /**
     * {@code parley.state-dir}: the directory Parley owns (transcripts, metadata, locks, plugins). Defaults to the
     * environment variable {@code PARLEY_HOME}, else {@code ~/.parley}.
     */
    @WithDefault("${PARLEY_HOME:${user.home}/.parley}")
    Path stateDir();

    /** {@code parley.default-agent}: the agent a message goes to when no binding matches (SPEC §10.2). */
    @WithDefault("main")
    String defaultAgent();

    /**
     * {@code parley.bindings.<channel>.<accountId>=<agentId>}: routes a channel account to an agent (SPEC §10.2).
     * Default: none (everything goes to {@link #defaultAgent()}).
     */
    Map<String, Map<String, String>> bindings();

    /** {@code parley.session.*}. */
    Session session();

    /** {@code parley.storage.*}. */
    Storage storage();

    /** {@code parley.limits.*}. */
    Limits limits();

    /** {@code parley.auth.*}. */
    Auth auth();

    interface Auth {
        /**
         * {@code parley.auth.token} (env {@code PARLEY_AUTH_TOKEN}): when set, every route except {@code /q/health/*}
         * and {@code /q/metrics} needs {@code Authorization: Bearer <token>}. Default: none, and then Parley refuses
         * to bind to anything but a loopback address (SPEC §11).
         */
        Optional<String> token();
    }

    interface Session {
        /**
         * {@code parley.session.dm-scope}: {@code per-channel-peer} (default: one session per channel and peer) or
         * {@code main} (every DM of an agent goes to {@code agent:<id>:main}).
         */
        @WithDefault("per-channel-peer")
        DmScope dmScope();

        /** {@code parley.session.lock.*}. */
        Lock lock();
    }

    interface Lock {
        /** {@code parley.session.lock.timeout}: how long to wait for a session lock before SESSION_LOCKED. */
        @WithDefault("10s")
        Duration timeout();

        /** {@code parley.session.lock.stale-after}: age after which another host's session lock is taken over. */
        @WithDefault("30m")
        Duration staleAfter();
    }

    interface Storage {
        /** {@code parley.storage.fsync}: {@code always} (default), {@code interval} or {@code never} (SPEC §3.1). */
        @WithDefault("always")
        FsyncMode fsync();

        /** {@code parley.storage.fsync-interval}: under {@code fsync=interval}, the longest time between forces. */
        @WithDefault("50ms")
        Duration fsyncInterval();

        /** {@code parley.storage.metadata-flush}: how often changed metadata stores are written. */
        @WithDefault("1s")
        Duration metadataFlush();

        /** {@code parley.storage.reopen-after}: how long a transcript writer stays failed before it reopens. */
        @WithDefault("5s")
        Duration reopenAfter();
    }

    interface Limits {
        /** {@code parley.limits.max-body}: the largest request body (RPC and REST); larger is HTTP 413. */
        @WithDefault("1M")
        MemorySize maxBody();

        /** {@code parley.limits.max-message}: the largest single entry; larger is ENTRY_TOO_LARGE. */
        @WithDefault("256K")
        MemorySize maxMessage();
    }

    /** Values of {@code parley.session.dm-scope}, written in config as {@code per-channel-peer} and {@code main}. */
    enum DmScope {
        PER_CHANNEL_PEER("per-channel-peer"),
        MAIN("main");

        private final String configValue;

        DmScope(String configValue) {
            this.configValue = configValue;
        }

        /** The spelling core and the config file use. */
        public String configValue() {
            return configValue;
        }
    }
}
