package dev.parley.core.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import dev.parley.core.session.ListQuery;
import dev.parley.core.session.SessionService;
import dev.parley.core.session.SessionSummary;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sessions_list}: pages through {@code sessions.list} (most recently active first) keeping the rows the
 * caller may see, until {@code limit} rows are found or the pages run out. Rows are
 * {@code {sessionKey, lastActiveAt, messageCount, model, status}}.
 */
final class VisibleList {
    private final SessionService service;
    private final Access access;
    private final SessionKey caller;
    private final int limit;
    private final List<ObjectNode> rows = new ArrayList<>();

    VisibleList(SessionService service, Access access, SessionKey caller, int limit) {
        this.service = service;
        this.access = access;
        this.caller = caller;
        this.limit = limit;
    }

    Uni<List<ObjectNode>> collect(ListQuery query) {
        return service.list(query).chain(page -> keepVisible(page.sessions()).chain(() -> {
            if (rows.size() >= limit || page.nextCursor() == null) {
                return Uni.createFrom().item(List.copyOf(rows.subList(0, Math.min(limit, rows.size()))));
            }
            return collect(new ListQuery(query.agentId(), query.channel(), query.scope(), query.status(),
                    query.activeMinutes(), query.limit(), page.nextCursor()));
        }));
    }

    private Uni<Void> keepVisible(List<SessionSummary> sessions) {
        if (sessions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Boolean>> checks = new ArrayList<>();
        for (SessionSummary s : sessions) {
            SessionKey key = SessionKey.parse(s.sessionKey(), service.options().defaultAgent());
            checks.add(access.agentVisible(caller.agentId(), key.agentId())
                    ? access.visible(caller, key) : Uni.createFrom().item(false));
        }
        return Uni.join().all(checks).andFailFast().invoke(visible -> {
            for (int i = 0; i < sessions.size(); i++) {
                if (visible.get(i)) {
                    rows.add(row(sessions.get(i)));
                }
            }
        }).replaceWithVoid();
    }

    private static ObjectNode row(SessionSummary s) {
        ObjectNode o = Json.object().put("sessionKey", s.sessionKey()).put("lastActiveAt", s.lastActiveAt())
                .put("messageCount", s.messageCount());
        if (s.model() == null) {
            o.putNull("model");
        } else {
            o.put("model", s.model());
        }
        return o.put("status", s.status());
    }
}
