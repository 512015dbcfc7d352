package dev.parley.core.store;

import dev.parley.core.error.ParleyException;
import dev.parley.core.key.SessionKey;
import dev.parley.core.lock.SessionLocks;
import dev.parley.core.metadata.SessionMeta;
import dev.parley.core.session.ListPage;
import dev.parley.core.session.ListQuery;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionSummary;
import dev.parley.core.session.SystemStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Catalogue reads that need no lane: {@code sessions.list} over the index (bounded by the page, not the number
 * of sessions) and {@code system.status}. They read metadata entries under their monitors, so a row may be a
 * moment behind a concurrent append, never torn.
 */
public final class SessionQueries {
    private static final Set<String> STATUSES = Set.of("active", "archived", "expired", "all");
    private static final Set<String> SCOPES = Set.of("dm", "group", "thread", "main", "subagent");

    private final FileSessionStore store;
    private final SessionOptions options;

    public SessionQueries(FileSessionStore store, SessionOptions options) {
        this.store = store;
        this.options = options;
    }

    public ListPage list(ListQuery q) {
        String status = q.status() == null ? "active" : q.status();
        if (!STATUSES.contains(status)) {
            throw ParleyException.invalidParams("status", "status must be one of " + STATUSES);
        }
        int limit = q.limit() == null ? 100 : q.limit();
        if (limit < 1 || limit > 1000) {
            throw ParleyException.invalidParams("limit", "limit must be between 1 and 1000");
        }
        if (q.scope() != null && !SCOPES.contains(q.scope())) {
            throw ParleyException.invalidParams("scope", "scope must be one of " + SCOPES);
        }
        if (q.activeMinutes() != null && q.activeMinutes() < 0) {
            throw ParleyException.invalidParams("activeMinutes", "activeMinutes must not be negative");
        }
        long since = q.activeMinutes() == null ? Long.MIN_VALUE
                : options.clock().millis() - q.activeMinutes() * 60_000L;
        List<SessionIndex.Row> rows = store.index().page(q.cursor(), limit, q.agentId(), q.channel(),
                row -> matches(row, q, status, since));
        boolean more = rows.size() > limit;
        if (more) {
            rows = rows.subList(0, limit);
        }
        List<SessionSummary> out = new ArrayList<>(rows.size());
        for (SessionIndex.Row r : rows) {
            SessionMeta m = store.metaOf(r.agentId(), r.key());
            if (m != null) {
                out.add(summary(r, m));
            }
        }
        String next = more ? SessionIndex.cursorAfter(rows.get(rows.size() - 1)) : null;
        return new ListPage(out, next);
    }

    private boolean matches(SessionIndex.Row row, ListQuery q, String status, long since) {
        if (q.scope() != null && !q.scope().equals(row.scope())) {
            return false;
        }
        SessionMeta m = store.metaOf(row.agentId(), row.key());
        if (m == null || m.status().equals("deleted")) {
            return false;
        }
        if (!status.equals("all") && !status.equals(m.status())) {
            return false;
        }
        return m.lastInteractionAt() >= since;
    }

    static String scopeOf(SessionKey k) {
        return switch (k.kind()) {
            case MAIN -> "main";
            case SUBAGENT -> "subagent";
            case PEER -> k.scope().wire();
        };
    }

    private static SessionSummary summary(SessionIndex.Row r, SessionMeta m) {
        return new SessionSummary(r.key(), r.agentId(), r.channel(), r.scope(), m.status(),
                Instant.ofEpochMilli(m.lastActiveAt()).toString(), m.messageCount(), m.model());
    }

    public SystemStatus status(boolean verbose, long uptimeMs, SessionLocks locks) {
        long active = 0;
        long archived = 0;
        long expired = 0;
        long bytes = 0;
        for (AgentCatalog.Agent a : store.catalog().agents()) {
            for (SessionMeta m : a.metas.values()) {
                switch (m.status()) {
                    case "active" -> active++;
                    case "archived" -> archived++;
                    case "expired" -> expired++;
                    default -> { }
                }
                if (!m.status().equals("deleted")) {
                    bytes += m.flushedLength();
                }
            }
        }
        Runtime rt = Runtime.getRuntime();
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
        memory.put("heapMaxBytes", rt.maxMemory());
        Map<String, Object> plugins = new LinkedHashMap<>();
        if (verbose) {
            StoreStats s = store.context().stats();
            memory.put("appends", s.appends.sum());
            memory.put("forces", s.forces.sum());
            memory.put("tornTails", s.tornTails.sum());
            memory.put("lockWaits", locks.waits());
            memory.put("lockStaleTakeovers", locks.staleTakeovers());
        }
        return new SystemStatus(Version.get(), uptimeMs, active, archived, expired, bytes, memory, plugins);
    }


    /** Readiness facts: state dir and lock dir writable, metadata loaded, no failed writer. */
    public dev.parley.core.session.HealthReport health() {
        java.nio.file.Path dir = options.stateDir();
        java.nio.file.Path lockDir = dir.resolve("locks");
        return new dev.parley.core.session.HealthReport(java.nio.file.Files.isDirectory(dir)
                && java.nio.file.Files.isWritable(dir), store.loaded(), java.nio.file.Files.isDirectory(lockDir)
                && java.nio.file.Files.isWritable(lockDir), store.writersHealthy());
    }
}
