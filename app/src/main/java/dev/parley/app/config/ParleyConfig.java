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

    /** {@code parley.context.*}: the reserve and the token estimator (SPEC §5). */
    Context context();

    /** {@code parley.defaults.*}: model figures when neither the configuration nor the catalogue knows a model. */
    Defaults defaults();

    /**
     * {@code parley.models."<provider/model>".*}: per-model context window, output size and estimator, over the
     * built-in catalogue (SPEC §5). Quote names holding dots or slashes. Default: none.
     */
    Map<String, Model> models();

    /** {@code parley.plugins.*}. */
    Plugins plugins();

    /** {@code parley.reset.*}: the scheduled lifecycle sweep (SPEC §7). */
    ResetSchedule reset();

    /** {@code parley.channels.<channel>.*}: inbound access control (SPEC §10.3). Default: every channel open. */
    Map<String, ChannelAccess> channels();

    /**
     * {@code parley.agents.<id>.*}: per-agent overrides (SPEC §10.1). Default: none (every agent uses the global
     * settings).
     */
    Map<String, Agent> agents();

    /**
     * {@code parley.compactors.<name>.<key>}: settings of compactor {@code <name>}, handed to its provider with the
     * prefix stripped (SPEC §1.1). Their meaning is the plugin's; core receives them as raw properties. Default: none.
     */
    Map<String, Map<String, String>> compactors();

    /** {@code parley.summarizers.<name>.<key>}: settings of a summariser, as {@link #compactors()}. */
    Map<String, Map<String, String>> summarizers();

    /** {@code parley.estimators.<name>.<key>}: settings of a token estimator, as {@link #compactors()}. */
    Map<String, Map<String, String>> estimators();

    /** {@code parley.auth.*}. */
    Auth auth();

    /** {@code parley.events.*}: the Server-Sent Events stream (SPEC §12). */
    Events events();

    /** The {@code /events} stream. */
    interface Events {
        /**
         * {@code parley.events.keep-alive}: how often an idle stream gets a comment line ({@code : keep-alive}), so
         * proxies and load balancers do not close it for idleness and a client notices a dead server.
         */
        @WithDefault("15s")
        java.time.Duration keepAlive();
    }

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

        /** {@code parley.session.compaction.*}: the global compaction settings (SPEC §6). */
        Compaction compaction();

        /** {@code parley.session.queue.*}: agent turns (SPEC §8.2). */
        Queue queue();

        /** {@code parley.session.dm-history-limit}: max turns in a DM's model view (0: no limit). */
        @WithDefault("50")
        int dmHistoryLimit();

        /** {@code parley.session.dm-history-limit-by-channel.<channel>}: the DM limit of one channel. Default: none. */
        Map<String, Integer> dmHistoryLimitByChannel();

        /** {@code parley.session.max-history-length}: max messages in the model view (0: off, the default). */
        @WithDefault("0")
        int maxHistoryLength();

        /** {@code parley.session.reset.*}: the reset policy (SPEC §7). */
        ResetConfig reset();

        /** {@code parley.session.archive-after-days}: whole days without interaction before archiving. Default: off. */
        Optional<String> archiveAfterDays();

        /** {@code parley.session.expiration}: time without interaction before a session expires. Default: off. */
        Optional<String> expiration();

        /** {@code parley.session.trash-retention-days}: days a deleted session stays in {@code trash/}. */
        @WithDefault("7")
        String trashRetentionDays();
    }

    /** Agent turns (SPEC §8.2). */
    interface Queue {
        /**
         * {@code parley.session.queue.mode}: {@code sequential} (one lease per session at a time; messages arriving
         * during a turn coalesce into the next) or {@code concurrent} (several leases per session, each fenced).
         */
        @WithDefault("sequential")
        QueueMode mode();

        /** {@code parley.session.queue.lease-duration}: how long a lease lasts without an append or a renew. */
        @WithDefault("5m")
        java.time.Duration leaseDuration();
    }

    /** {@code parley.session.queue.mode} values. */
    enum QueueMode {
        sequential, concurrent
    }

    /**
     * Compaction settings (SPEC §6). Names of compactors and summarisers are open (plugins add their own): an
     * explicitly configured name that no provider has fails startup; a default one missing makes readiness DOWN.
     */
    interface Compaction {
        /** {@code parley.session.compaction.enabled}: whether the guard compacts by itself. */
        @WithDefault("true")
        boolean enabled();

        /** {@code parley.session.compaction.mode}: {@code auto}, {@code manual}, {@code prune} or a plugin's name. */
        @WithDefault("auto")
        String mode();

        /** {@code parley.session.compaction.keep-recent-turns}: turns never summarised or pruned. */
        @WithDefault("10")
        int keepRecentTurns();

        /** {@code parley.session.compaction.summary-max-tokens}: the largest summary. */
        @WithDefault("4000")
        int summaryMaxTokens();

        /** {@code parley.session.compaction.adaptive-chunking}: split large inputs and summaries (SPEC §6). */
        @WithDefault("true")
        boolean adaptiveChunking();

        /** {@code parley.session.compaction.safeguard}: retry once without undelivered messages. */
        @WithDefault("true")
        boolean safeguard();

        /** {@code parley.session.compaction.summarizer}: {@code extractive}, {@code openai} or a plugin's name. */
        @WithDefault("extractive")
        String summarizer();

        /** {@code parley.session.compaction.timeout}: how long one compactor or summariser call may take. */
        @WithDefault("120s")
        Duration timeout();

        /** {@code parley.session.compaction.manual-strategy}: what {@code sessions.compact} runs under manual/prune. */
        @WithDefault("auto")
        String manualStrategy();
    }

    /** {@code parley.agents.<id>.compaction.*}: the same keys as {@link Compaction}, each optional. */
    interface AgentCompaction {
        Optional<Boolean> enabled();

        Optional<String> mode();

        Optional<Integer> keepRecentTurns();

        Optional<Integer> summaryMaxTokens();

        Optional<Boolean> adaptiveChunking();

        Optional<Boolean> safeguard();

        Optional<String> summarizer();

        Optional<Duration> timeout();

        Optional<String> manualStrategy();
    }

    interface Agent {
        /** {@code parley.agents.<id>.compaction.*}. */
        AgentCompaction compaction();

        /** {@code parley.agents.<id>.reset.*}: this agent's reset policy over the global one (SPEC §7). */
        ResetConfig.Layer reset();

        /** {@code parley.agents.<id>.context.estimator}: this agent's token estimator. */
        AgentContext context();

        /** {@code parley.agents.<id>.compactors.<name>.<key>}: over {@link ParleyConfig#compactors()}. */
        Map<String, Map<String, String>> compactors();

        /**
         * {@code parley.agents.<id>.summarizers.<name>.<key>}: over {@link ParleyConfig#summarizers()} for this agent
         * (e.g. another API-key env var, SPEC §10.1).
         */
        Map<String, Map<String, String>> summarizers();

        /** {@code parley.agents.<id>.estimators.<name>.<key>}: over {@link ParleyConfig#estimators()}. */
        Map<String, Map<String, String>> estimators();
    }

    interface AgentContext {
        Optional<String> estimator();
    }

    interface Context {
        /** {@code parley.context.buffer-tokens}: tokens kept free besides the model's output (SPEC §5 reserve). */
        @WithDefault("2000")
        int bufferTokens();

        /** {@code parley.context.estimator}: {@code heuristic}, {@code tiktoken} or a plugin's name. */
        @WithDefault("heuristic")
        String estimator();
    }

    interface Defaults {
        /** {@code parley.defaults.context-window}: the window of a model nothing else describes. */
        @WithDefault("200000")
        long contextWindow();

        /** {@code parley.defaults.max-output-tokens}: the output reserve of such a model. */
        @WithDefault("8192")
        int maxOutputTokens();
    }

    interface Model {
        /** {@code parley.models."<m>".context-window}. */
        Optional<Long> contextWindow();

        /** {@code parley.models."<m>".max-output-tokens}. */
        Optional<Integer> maxOutputTokens();

        /** {@code parley.models."<m>".estimator}. */
        Optional<String> estimator();
    }

    interface Plugins {
        /** {@code parley.plugins.dir}: a plugin directory besides {@code <state-dir>/plugins}. Default: none. */
        Optional<Path> dir();
    }

    interface ResetSchedule {
        /**
         * {@code parley.reset.check-every}: how often the sweep runs (policy resets, archiving, expiry, trash purge);
         * one sweep at a time. The scheduler reads this key itself, so a change needs a restart.
         */
        @WithDefault("1m")
        Duration checkEvery();
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

        /**
         * {@code parley.limits.max-import}: the largest {@code POST /sessions/import} body (a JSON document or a tar
         * of an OpenClaw tree), spooled to {@code <stateDir>/tmp}; larger is HTTP 413.
         */
        @WithDefault("1G")
        MemorySize maxImport();
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
