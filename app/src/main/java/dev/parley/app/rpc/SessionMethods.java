package dev.parley.app.rpc;

import static dev.parley.app.rpc.ParamSpec.optional;
import static dev.parley.app.rpc.ParamSpec.required;
import static dev.parley.app.rpc.ParamType.ARRAY;
import static dev.parley.app.rpc.ParamType.BOOLEAN;
import static dev.parley.app.rpc.ParamType.INT;
import static dev.parley.app.rpc.ParamType.LONG;
import static dev.parley.app.rpc.ParamType.OBJECT;
import static dev.parley.app.rpc.ParamType.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.session.AppendResult;
import dev.parley.core.session.HistoryPage;
import dev.parley.core.session.ListPage;
import dev.parley.core.session.ListQuery;
import dev.parley.core.session.RepairResult;
import dev.parley.core.session.Resolution;
import dev.parley.core.session.ResolveRequest;
import dev.parley.core.session.SessionService;
import dev.parley.core.session.SessionSummary;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sessions.*} methods of the first slice (SPEC §11): each checks what the edge owns (types, presence,
 * sizes), calls core, and maps core's records to the wire shape. Keys and entry contents are core's to judge.
 */
@ApplicationScoped
public class SessionMethods implements MethodGroup {

    /** {@code sessions.list}: the largest page. */
    static final int MAX_LIST_LIMIT = 1000;
    /** {@code sessions.history}: larger {@code last} values are clamped to this. */
    static final int MAX_HISTORY_LAST = 1000;
    /** {@code sessions.list activeOnly}: "active" means an interaction within this many minutes. */
    static final int ACTIVE_ONLY_MINUTES = 60;

    private static final Map<String, ParamSpec> PEER = specs(required("kind", STRING), required("id", STRING));

    private final SessionService sessions;

    @Inject
    public SessionMethods(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<RpcMethod> methods() {
        return List.of(
                RpcMethod.of("sessions.resolve", List.of(required("channel", STRING), optional("accountId", STRING),
                        required("peer", OBJECT), optional("threadId", STRING)), this::resolve),
                RpcMethod.of("sessions.append", List.of(required("sessionKey", STRING), required("entries", ARRAY),
                        optional("token", LONG)), this::append),
                RpcMethod.of("sessions.history", List.of(required("sessionKey", STRING), optional("last", INT),
                        optional("beforeSeq", LONG), optional("includeArchived", BOOLEAN)), this::history),
                RpcMethod.of("sessions.list", List.of(optional("agentId", STRING), optional("channel", STRING),
                        optional("scope", STRING), optional("status", STRING), optional("activeMinutes", INT),
                        optional("activeOnly", BOOLEAN), optional("limit", INT), optional("lastN", INT),
                        optional("cursor", STRING)), this::list),
                RpcMethod.of("sessions.get", List.of(required("sessionKey", STRING)),
                        p -> sessions.get(p.string("sessionKey"))),
                RpcMethod.of("sessions.delete", List.of(required("sessionKey", STRING)),
                        p -> sessions.delete(p.string("sessionKey"))
                                .map(ignored -> Json.object().put("deleted", true))),
                RpcMethod.of("sessions.repair", List.of(required("sessionKey", STRING)),
                        p -> sessions.repair(p.string("sessionKey")).map(SessionMethods::repaired)));
    }

    private Uni<JsonNode> resolve(Params p) {
        Params peer = Params.check("peer.", PEER, p.object("peer"));
        ResolveRequest request = new ResolveRequest(p.string("channel"), p.string("accountId"),
                peer.string("kind"), peer.string("id"), p.string("threadId"));
        return sessions.resolve(request).map(SessionMethods::resolved);
    }

    private Uni<JsonNode> append(Params p) {
        ArrayNode array = p.array("entries");
        if (array.isEmpty()) {
            throw ParleyException.invalidParams("entries", "'entries' must hold at least one entry");
        }
        List<ObjectNode> entries = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isObject()) {
                throw ParleyException.invalidParams("entries[" + i + "]", "entries[" + i + "] must be an object");
            }
            entries.add((ObjectNode) array.get(i));
        }
        Long token = p.longValue("token");
        if (token != null && token < 0) {
            throw ParleyException.invalidParams("token", "'token' must not be negative");
        }
        return sessions.append(p.string("sessionKey"), entries, token).map(SessionMethods::appended);
    }

    private Uni<JsonNode> history(Params p) {
        Integer last = p.integer("last");
        if (last != null && last < 1) {
            throw ParleyException.invalidParams("last", "'last' must be at least 1");
        }
        if (last != null && last > MAX_HISTORY_LAST) {
            last = MAX_HISTORY_LAST;
        }
        Long beforeSeq = p.longValue("beforeSeq");
        if (beforeSeq != null && beforeSeq < 0) {
            throw ParleyException.invalidParams("beforeSeq", "'beforeSeq' must not be negative");
        }
        return sessions.history(p.string("sessionKey"), last, beforeSeq, p.bool("includeArchived", false))
                .map(SessionMethods::page);
    }

    private Uni<JsonNode> list(Params p) {
        if (p.has("limit") && p.has("lastN")) {
            throw ParleyException.invalidParams("lastN", "'lastN' is an alias of 'limit'; give only one");
        }
        String limitField = p.has("lastN") ? "lastN" : "limit";
        Integer limit = p.integer(limitField);
        if (limit != null && (limit < 1 || limit > MAX_LIST_LIMIT)) {
            throw ParleyException.invalidParams(limitField,
                    "'" + limitField + "' must be between 1 and " + MAX_LIST_LIMIT);
        }
        Integer activeMinutes = p.integer("activeMinutes");
        if (activeMinutes != null && activeMinutes < 1) {
            throw ParleyException.invalidParams("activeMinutes", "'activeMinutes' must be at least 1");
        }
        if (p.bool("activeOnly", false)) {
            if (activeMinutes != null) {
                throw ParleyException.invalidParams("activeOnly",
                        "'activeOnly' means activeMinutes=" + ACTIVE_ONLY_MINUTES + "; give only one");
            }
            activeMinutes = ACTIVE_ONLY_MINUTES;
        }
        ListQuery query = new ListQuery(p.string("agentId"), p.string("channel"), p.string("scope"),
                p.string("status"), activeMinutes, limit, p.string("cursor"));
        return sessions.list(query).map(SessionMethods::listed);
    }

    private static JsonNode resolved(Resolution r) {
        return Json.object()
                .put("sessionKey", r.sessionKey())
                .put("agentId", r.agentId())
                .put("matchedBy", r.matchedBy())
                .put("exists", r.exists());
    }

    private static JsonNode appended(AppendResult r) {
        ObjectNode result = Json.object().put("lastSeq", r.lastSeq());
        if (r.duplicate()) {
            result.put("duplicate", true);
        }
        return result;
    }

    private static JsonNode page(HistoryPage page) {
        ObjectNode result = Json.object().put("sessionKey", page.sessionKey());
        result.putArray("entries").addAll(page.entries());
        return result.put("hasMore", page.hasMore());
    }

    private static JsonNode listed(ListPage page) {
        ObjectNode result = Json.object();
        ArrayNode rows = result.putArray("sessions");
        for (SessionSummary s : page.sessions()) {
            rows.addObject()
                    .put("sessionKey", s.sessionKey())
                    .put("agentId", s.agentId())
                    .put("channel", s.channel())
                    .put("scope", s.scope())
                    .put("status", s.status())
                    .put("lastActiveAt", s.lastActiveAt())
                    .put("messageCount", s.messageCount())
                    .put("model", s.model());
        }
        if (page.nextCursor() != null) {
            result.put("nextCursor", page.nextCursor());
        }
        return result;
    }

    private static JsonNode repaired(RepairResult r) {
        ObjectNode result = Json.object().put("backup", r.backup());
        ArrayNode removed = result.putArray("removed");
        for (RepairResult.Removed cut : r.removed()) {
            removed.addObject().put("offset", cut.offset()).put("length", cut.length());
        }
        return result.put("truncatedTail", r.truncatedTail());
    }

    private static Map<String, ParamSpec> specs(ParamSpec... specs) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            byName.put(s.name(), s);
        }
        return byName;
    }
}
