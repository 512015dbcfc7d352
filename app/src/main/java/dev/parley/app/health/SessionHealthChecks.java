package dev.parley.app.health;

import dev.parley.app.config.ParleyConfig;
import dev.parley.core.session.HealthReport;
import dev.parley.core.session.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.jboss.logging.Logger;

/**
 * Kubernetes probes (SPEC §14), open without auth under {@code /q/health/*}. Readiness reports core's facts
 * (state dir writable, metadata loaded, lock dir usable, writers healthy) and that every configured compaction
 * mode, manual strategy and summariser has a provider ({@link CompactionReadiness}); liveness only that the process
 * answers; startup that the state dir was opened (the service is opened eagerly, so a running app has it).
 */
@ApplicationScoped
public class SessionHealthChecks {

    private static final Logger LOG = Logger.getLogger(SessionHealthChecks.class);

    private final SessionService sessions;
    private final ParleyConfig config;
    private final String stateDir;

    @Inject
    public SessionHealthChecks(SessionService sessions, ParleyConfig config) {
        this.sessions = sessions;
        this.config = config;
        this.stateDir = config.stateDir().toAbsolutePath().normalize().toString();
    }

    /** Says at startup why readiness will be DOWN, so an operator need not poll the probe to find out. */
    void warnAboutMissingPlugins(@Observes StartupEvent started) {
        for (String missing : CompactionReadiness.missing(config, sessions.strategies())) {
            LOG.warnf("Not ready: %s", missing);
        }
    }

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> {
            HealthReport report;
            List<String> missing;
            try {
                report = sessions.health();
                missing = CompactionReadiness.missing(config, sessions.strategies());
            } catch (RuntimeException e) {
                LOG.warn("Readiness check failed", e);
                return HealthCheckResponse.named("parley-sessions").down().withData("error", "health check failed")
                        .build();
            }
            HealthCheckResponseBuilder response = HealthCheckResponse.named("parley-sessions")
                    .status(report.ready() && missing.isEmpty())
                    .withData("stateDirWritable", report.stateDirWritable())
                    .withData("metadataLoaded", report.metadataLoaded())
                    .withData("lockDirUsable", report.lockDirUsable())
                    .withData("writersHealthy", report.writersHealthy())
                    .withData("compactionPlugins", missing.isEmpty());
            if (!missing.isEmpty()) {
                response.withData("missingPlugins", String.join("; ", missing));
            }
            return response.build();
        };
    }

    @Produces
    @Liveness
    HealthCheck live() {
        return () -> HealthCheckResponse.up("parley");
    }

    /** Injecting the eagerly opened service means the state dir is open and locked by this process. */
    @Produces
    @Startup
    HealthCheck started() {
        return () -> HealthCheckResponse.named("parley-state-dir").up().withData("stateDir", stateDir).build();
    }
}
