package dev.parley.app.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.session.SessionService;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs core's lifecycle sweep (SPEC §7: policy resets, archiving, expiry, trash purge) every
 * {@code parley.reset.check-every}, one sweep at a time: a run still going when the next is due makes that one skip.
 * The sweep blocks on file work, which is fine here: Quarkus runs a blocking {@code @Scheduled} method on a worker
 * thread, never on the event loop.
 */
@ApplicationScoped
public class LifecycleSweep {

    private static final Logger LOG = Logger.getLogger(LifecycleSweep.class);

    private final SessionService sessions;

    @Inject
    public LifecycleSweep(SessionService sessions) {
        this.sessions = sessions;
    }

    @Scheduled(identity = "parley-lifecycle-sweep", every = "${parley.reset.check-every:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        ObjectNode report;
        try {
            report = sessions.sweep();
        } catch (RuntimeException e) {
            // One failed sweep must not stop the schedule; the next run retries whatever is still due.
            LOG.warnf("Lifecycle sweep failed: %s", e.getMessage());
            return;
        }
        if (changed(report)) {
            LOG.debugf("Lifecycle sweep: %s", report);
        }
    }

    /** Whether any count is non-zero ({@code skipped} is a flag, not a change). */
    private static boolean changed(ObjectNode report) {
        for (JsonNode value : report) {
            if (value.isNumber() && value.longValue() != 0) {
                return true;
            }
        }
        return false;
    }
}
