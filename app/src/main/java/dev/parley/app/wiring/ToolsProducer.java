package dev.parley.app.wiring;

import dev.parley.core.session.SessionService;
import dev.parley.core.tools.SessionTools;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Builds core's cross-session tools (SPEC §9) once, eagerly, so an invalid {@code parley.tools.*} value fails
 * startup naming the key. Reply waits and lock probes run on Mutiny's default worker pool (a scheduler).
 */
public class ToolsProducer {

    private static final Logger LOG = Logger.getLogger(ToolsProducer.class);

    @Produces
    @Singleton
    @Startup
    SessionTools sessionTools(SessionService sessions) {
        try {
            SessionTools tools = new SessionTools(sessions, Infrastructure.getDefaultWorkerPool());
            LOG.infof("Cross-session tools: visibility %s, agent-to-agent %s", tools.config().visibility().wire(),
                    tools.config().agentToAgent() ? "on " + tools.config().allow() : "off");
            return tools;
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(':');
            throw new ConfigurationException("Invalid Parley configuration:\n  " + message,
                    Set.of(colon < 0 ? "parley.tools" : message.substring(0, colon)));
        }
    }

    void close(@Disposes SessionTools tools) {
        tools.close();
    }
}
