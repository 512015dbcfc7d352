package dev.parley.core.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import dev.parley.core.session.ListQuery;
import dev.parley.core.session.SessionService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The cross-session tools of SPEC §9 ({@code tools.list}, {@code tools.invoke}) and the operator's
 * {@code sessions.send}.
 *
 * <p>Errors: an unknown tool, bad params (anything the tool's input schema rejects, a malformed key) and a caller
 * that is not a live session are {@code INVALID_PARAMS} naming the field ({@code tool}, {@code callerSessionKey},
 * {@code params.<name>}) and nothing is written. Everything else is a result {@code {status: ok|forbidden|timeout|
 * error, …}}; a target that is denied and one that does not exist both answer {@code {status:"forbidden",
 * error:"not visible"}}. Storage trouble on the way (a corrupt or failing session) is {@code {status:"error"}}.
 *
 * <p>Built once per {@link SessionService}; {@link #close()} unregisters its append listener. The scheduler times
 * out reply waits and runs the lock-file probe of {@code session_status}.
 */
public final class SessionTools implements AutoCloseable {
    /** Failures that are the caller's fault and stay RPC errors. */
    private static final Set<ErrorCode> CALLER_ERRORS = Set.of(ErrorCode.INVALID_PARAMS,
            ErrorCode.INVALID_SESSION_KEY, ErrorCode.ENTRY_TOO_LARGE);
    private static final System.Logger LOG = System.getLogger(SessionTools.class.getName());
    private static final int DEFAULT_LIST = 50;
    private static final int DEFAULT_HISTORY = 20;

    private final SessionService service;
    private final ScheduledExecutorService scheduler;
    private final ToolCatalog catalog = new ToolCatalog();
    private final SpawnTree tree;
    private final Access access;
    private final SendTool send;
    private final SpawnTool spawn;

    /** Reads {@code parley.tools.*} from the service's properties (an invalid value throws, naming the key). */
    public SessionTools(SessionService service, ScheduledExecutorService scheduler) {
        this(service, ToolsConfig.fromProperties(service.options().properties()), scheduler);
    }

    public SessionTools(SessionService service, ToolsConfig config, ScheduledExecutorService scheduler) {
        this.service = Objects.requireNonNull(service, "service is null");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler is null");
        this.tree = new SpawnTree(service);
        this.access = new Access(Objects.requireNonNull(config, "config is null"), tree);
        this.send = new SendTool(service, access, scheduler);
        this.spawn = new SpawnTool(service, access, tree);
    }

    public ToolsConfig config() {
        return access.config();
    }

    /** {@code tools.list}: {@code [{name, description, inputSchema}]} (JSON Schema, no additional properties). */
    public List<ObjectNode> list() {
        return catalog.descriptors();
    }

    /** {@code tools.invoke}: runs {@code tool} on behalf of {@code callerSessionKey}; {@code params} may be null. */
    public Uni<ObjectNode> invoke(String tool, String callerSessionKey, ObjectNode params) {
        return Uni.createFrom().deferred(() -> {
            ObjectNode p = params == null ? Json.object() : params;
            catalog.check(tool, p);
            if (callerSessionKey == null) {
                throw ParleyException.invalidParams("callerSessionKey", "'callerSessionKey' is required");
            }
            SessionKey key = Keys.parse(callerSessionKey, "callerSessionKey", service);
            return service.get(key.format())
                    .onFailure(e -> code(e) == ErrorCode.SESSION_NOT_FOUND)
                    .transform(e -> ParleyException.invalidParams("callerSessionKey",
                            "'callerSessionKey' is not a live session"))
                    .chain(meta -> run(tool, new Caller(key, meta), p));
        }).onFailure(e -> !(e instanceof ParleyException pe) || !CALLER_ERRORS.contains(pe.code()))
                .recoverWithItem(SessionTools::failed);
    }

    private static ObjectNode failed(Throwable e) {
        if (e instanceof ParleyException p && p.code() == ErrorCode.SESSION_NOT_FOUND) {
            return Results.forbidden(Results.NOT_VISIBLE); // gone between the check and the read: same answer
        }
        if (e instanceof ParleyException) {
            return Results.error(e.getMessage());
        }
        LOG.log(System.Logger.Level.ERROR, "tool call failed", e);
        return Results.error("internal error");
    }

    private Uni<ObjectNode> run(String tool, Caller caller, ObjectNode p) {
        return switch (tool) {
            case ToolCatalog.LIST -> listSessions(caller, p);
            case ToolCatalog.HISTORY -> history(caller, p);
            case ToolCatalog.SEND -> send.send(caller, p);
            case ToolCatalog.SPAWN -> spawn.spawn(caller, p);
            default -> status(caller, p);
        };
    }

    /**
     * {@code sessions.send} (operator): no visibility rules; {@code replyPolicy} {@code skip} (default) or
     * {@code reply}; the target must exist ({@code SESSION_NOT_FOUND}); the message is a user message from
     * {@code sender{id:"operator"}}. Answers like {@code sessions_send}.
     */
    public Uni<ObjectNode> operatorSend(String sessionKey, String message, String replyPolicy, Integer timeoutSeconds) {
        return Uni.createFrom().deferred(() -> {
            SessionKey key = SessionKey.parse(Objects.requireNonNullElse(sessionKey, ""), service.options().defaultAgent());
            String text = SendTool.text(message == null ? null : TextNode.valueOf(message), "message");
            String policy = replyPolicy == null ? "skip" : replyPolicy;
            if (!policy.equals("skip") && !policy.equals("reply")) {
                throw ParleyException.invalidParams("replyPolicy", "'replyPolicy' must be skip or reply (announce"
                        + " needs a caller session)");
            }
            int timeout = timeoutSeconds == null ? SendTool.DEFAULT_TIMEOUT : timeoutSeconds;
            if (timeout < 1 || timeout > SendTool.MAX_TIMEOUT) {
                throw ParleyException.invalidParams("timeoutSeconds", "'timeoutSeconds' must be from 1 to "
                        + SendTool.MAX_TIMEOUT);
            }
            return send.operatorSend(key, text, policy, timeout);
        });
    }

    private Uni<ObjectNode> listSessions(Caller caller, ObjectNode p) {
        String agent = p.path("agentId").asText(null);
        if (agent != null && !access.agentVisible(caller.agentId(), agent)) {
            ObjectNode none = Results.ok();
            none.putArray("sessions");
            return Uni.createFrom().item(none);
        }
        if (agent == null && !(access.config().agentToAgent() && access.config().visibility() == Visibility.ALL)) {
            agent = caller.agentId(); // no other agent can be visible: list only the caller's
        }
        ListQuery q = new ListQuery(agent, p.path("channel").asText(null), p.path("scope").asText(null), "active",
                p.path("activeOnly").asBoolean(false) ? 60 : null, 1000, null);
        return new VisibleList(service, access, caller.key(), p.path("lastN").asInt(DEFAULT_LIST)).collect(q)
                .map(rows -> {
                    ObjectNode out = Results.ok();
                    out.putArray("sessions").addAll(rows);
                    return out;
                });
    }

    private Uni<ObjectNode> history(Caller caller, ObjectNode p) {
        SessionKey target = Keys.parse(p.get("sessionKey").asText(), "params.sessionKey", service);
        int last = p.path("last").asInt(DEFAULT_HISTORY);
        boolean includeTools = p.path("includeTools").asBoolean(false);
        return visibleAndLive(caller, target).chain(v -> !v ? Results.notVisible()
                : service.history(target.format(), last, null, false)
                        .map(page -> HistoryFilter.apply(page.entries(), includeTools).toJson()));
    }

    private Uni<ObjectNode> status(Caller caller, ObjectNode p) {
        SessionKey target = p.hasNonNull("sessionKey")
                ? Keys.parse(p.get("sessionKey").asText(), "params.sessionKey", service) : caller.key();
        return visibleAndLive(caller, target).chain(v -> !v ? Results.notVisible()
                : SessionStatus.of(service, target.format(), scheduler).map(s -> {
                    ObjectNode out = Results.ok();
                    out.setAll(s);
                    return out;
                }));
    }

    private Uni<Boolean> visibleAndLive(Caller caller, SessionKey target) {
        return access.visible(caller.key(), target)
                .chain(v -> v ? Keys.live(service, target) : Uni.createFrom().item(false));
    }

    private static ErrorCode code(Throwable e) {
        return e instanceof ParleyException p ? p.code() : null;
    }

    @Override
    public void close() {
        tree.close();
    }
}
