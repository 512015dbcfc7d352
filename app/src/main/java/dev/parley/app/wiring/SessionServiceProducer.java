package dev.parley.app.wiring;

import dev.parley.app.config.ConfigCheck;
import dev.parley.app.config.ParleyConfig;
import dev.parley.app.events.EventBus;
import dev.parley.app.metrics.ParleyMetrics;
import dev.parley.core.compaction.CompactOutcome;
import dev.parley.core.compaction.CompactionListener;
import dev.parley.core.events.SessionEventListener;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.store.ChannelFactory;
import dev.parley.core.session.SessionService;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.jboss.logging.Logger;

/**
 * Opens core's {@link SessionService} once, eagerly at startup, so that a state dir already owned by another
 * process fails this one before it serves anything (core's message names the holder), and closes it on
 * shutdown: core's close finishes in-flight appends, flushes metadata and releases every lock.
 */
public class SessionServiceProducer {

    private static final Logger LOG = Logger.getLogger(SessionServiceProducer.class);

    @Produces
    @Singleton
    @Startup
    SessionService sessionService(ParleyConfig config, Config raw, EventBus bus, ParleyMetrics metrics) {
        SessionOptions options = options(config, parleyProperties(raw));
        LOG.infof("Opening state dir %s", options.stateDir());
        try {
            SessionService service = SessionService.open(options, ChannelFactory.DEFAULT, null,
                    compactionMetrics(metrics), events(bus, metrics));
            metrics.queueDepth(() -> service.turns().depth());
            return service;
        } catch (RuntimeException e) {
            // Quarkus prints the stack trace too; this line is the one an operator needs.
            LOG.errorf("Cannot open state dir %s: %s", options.stateDir(), e.getMessage());
            throw e;
        }
    }

    /** Core's session events go to the SSE bus; reset and drop reasons to their counters. */
    static SessionEventListener events(EventBus bus, ParleyMetrics metrics) {
        return new SessionEventListener() {
            @Override
            public void event(String type, String sessionKey, String agentId, Long seq) {
                bus.publish(type, sessionKey, agentId, seq);
            }

            @Override
            public void resetReason(String reason) {
                metrics.reset(reason);
            }

            @Override
            public void inboundDropped(String reason) {
                metrics.inboundDropped(reason);
            }
        };
    }

    /** Compaction outcomes counted as {@code parley_compactions_total{strategy,outcome}}. */
    static CompactionListener compactionMetrics(ParleyMetrics metrics) {
        return new CompactionListener() {
            @Override
            public void compacted(String sessionKey, String strategy, CompactOutcome outcome) {
                metrics.compaction(strategy, "compacted");
            }

            @Override
            public void failed(String sessionKey, String plugin, String reason) {
                metrics.compaction(plugin.split(" ")[0], "failed");
            }
        };
    }

    /**
     * Shutdown begins: no lease is handed out from here on (the rest of core closes when the bean is disposed).
     * Quarkus has closed the HTTP connections by then, so a waiting {@code turns.next} sees its connection close
     * rather than a null answer; its turn stays queued and is queued again at the next start.
     */
    void stopTurns(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event, SessionService service) {
        service.turns().stop();
    }

    void close(@Disposes SessionService service) {
        LOG.info("Closing sessions: flushing metadata and releasing locks");
        service.close();
    }

    /**
     * Builds core's options from the typed configuration plus every {@code parley.*} property as text (the
     * per-agent and plugin settings core reads itself); fails naming every invalid key.
     */
    static SessionOptions options(ParleyConfig config, Map<String, String> properties) {
        ConfigCheck.validate(config, properties);
        ParleyConfig.Storage storage = config.storage();
        return SessionOptions.defaults(config.stateDir().toAbsolutePath().normalize())
                .withRouting(config.defaultAgent(), config.session().dmScope().configValue(), bindings(config))
                .withFsync(storage.fsync())
                .withTimings(storage.fsyncInterval(), storage.metadataFlush(), storage.reopenAfter())
                .withLocks(config.session().lock().timeout(), config.session().lock().staleAfter())
                .withMaxMessageBytes((int) config.limits().maxMessage().asLongValue())
                .withProperties(properties);
    }

    /**
     * Every {@code parley.*} property that is configured (in any config source but the defaults of
     * {@link ParleyConfig}), expressions expanded. Defaults stay out so that core tells a configured provider name
     * (checked at startup) from a default one (checked by readiness, SPEC §14); core applies the same defaults.
     */
    static Map<String, String> parleyProperties(Config config) {
        Map<String, String> properties = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("parley.") && !isDefault(config.getConfigValue(name))) {
                config.getOptionalValue(name, String.class).ifPresent(value -> properties.put(name, value));
            }
        }
        return properties;
    }

    /** Whether a value comes only from a mapping's {@code @WithDefault} (the defaults source has the lowest ordinal). */
    private static boolean isDefault(ConfigValue value) {
        return value.getSourceOrdinal() == Integer.MIN_VALUE;
    }

    /** {@code parley.bindings.<channel>.<account>=<agent>} as core's {@code "<channel>.<account>" -> agent}. */
    private static Map<String, String> bindings(ParleyConfig config) {
        Map<String, String> flat = new LinkedHashMap<>();
        config.bindings().forEach((channel, accounts) ->
                accounts.forEach((account, agent) -> flat.put(channel + "." + account, agent.trim())));
        return flat;
    }
}
