package dev.parley.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.InvalidSessionKeyException;
import dev.parley.core.key.SessionKey;
import dev.parley.core.session.ListPage;
import dev.parley.core.session.ListQuery;
import dev.parley.core.session.SessionService;
import dev.parley.core.session.SessionSummary;
import dev.parley.core.settings.SettingField;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code sessions_spawn} (SPEC §9): creates {@code agent:<id>:subagent:<uuid>} with the task as its first message
 * and queues a turn for it. The task message carries {@code spawnedBy} (the caller) and {@code spawnDepth} (the
 * caller's depth + 1), and {@code label} when given; the metadata derives them from it. A {@code model} becomes the
 * child's model override through a {@code settings} entry in the same batch, so the first turn already sees it.
 *
 * <p>Limits: depth at most {@code parley.tools.spawn.max-depth}; live (active) children of the caller fewer than
 * {@code parley.tools.spawn.max-children} before the spawn, spawns of the same caller still in flight counted too
 * (so racing spawns cannot overshoot the limit).
 */
final class SpawnTool {
    static final int MAX_LABEL = 200;

    private final SessionService service;
    private final Access access;
    private final SpawnTree tree;

    SpawnTool(SessionService service, Access access, SpawnTree tree) {
        this.service = service;
        this.access = access;
        this.tree = tree;
    }

    Uni<ObjectNode> spawn(Caller caller, ObjectNode params) {
        String task = SendTool.text(params.get("task"), "params.task");
        String agentId = params.path("agentId").asText(caller.agentId());
        SessionKey child;
        try {
            child = SessionKey.subagent(agentId, UUID.randomUUID().toString());
        } catch (InvalidSessionKeyException e) {
            throw ParleyException.invalidParams("params.agentId", "'agentId' is not a valid agent id: "
                    + e.getMessage());
        }
        ObjectNode settings = modelSettings(params.get("model"));
        String label = params.path("label").asText(null);
        if (label != null && (label.isBlank() || label.length() > MAX_LABEL)) {
            throw ParleyException.invalidParams("params.label", "'label' must be 1 to " + MAX_LABEL + " characters");
        }
        if (!access.agentVisible(caller.agentId(), child.agentId())) {
            return Uni.createFrom().item(Results.forbidden("spawning into agent '" + child.agentId()
                    + "' is not allowed (agent-to-agent rule)"));
        }
        int depth = caller.depth() + 1;
        if (depth > access.config().maxDepth()) {
            return Uni.createFrom().item(Results.forbidden("spawn depth limit reached: a child of this session"
                    + " would be at depth " + depth + " (parley.tools.spawn.max-depth=" + access.config().maxDepth()
                    + ")"));
        }
        String parent = caller.format();
        return Uni.createFrom().deferred(() -> {
            int racing = spawning.merge(parent, 1, Integer::sum) - 1;
            return liveChildren(parent, null, 0).chain(n -> {
                if (n + racing >= access.config().maxChildren()) {
                    return Uni.createFrom().item(Results.forbidden("too many live sub-agents: " + (n + racing)
                            + " (parley.tools.spawn.max-children=" + access.config().maxChildren() + ")"));
                }
                return service.history(parent, SendTool.HOP_SCAN, null, false).map(SendTool::triggerHops)
                        .chain(hops -> create(caller, child, task, depth, label, settings, hops + 1));
            }).onTermination().invoke(() -> spawning.computeIfPresent(parent, (k, v) -> v == 1 ? null : v - 1));
        });
    }

    /**
     * Spawns in flight per parent: counted with the live children so two racing spawns cannot both take the last
     * place (a spawn that finished but still counts here only makes a racing one more careful, never less).
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> spawning =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Uni<ObjectNode> create(Caller caller, SessionKey child, String task, int depth, String label,
                                   ObjectNode settings, int hops) {
        ObjectNode entry = Json.object().put("type", "message");
        entry.putObject("message").put("role", "user").put("content", task);
        entry.putObject("provenance").put("kind", "inter_session").put("sourceSessionKey", caller.format())
                .put("hops", hops);
        entry.put("spawnedBy", caller.format()).put("spawnDepth", depth);
        if (label != null) {
            entry.put("label", label);
        }
        List<ObjectNode> entries = new ArrayList<>(List.of(entry));
        if (settings != null) {
            entries.add(settings);
        }
        return service.deliver(child.format(), entries, true)
                .map(r -> Results.ok().put("sessionKey", child.format()));
    }

    private static ObjectNode modelSettings(JsonNode model) {
        if (model == null || model.isNull()) {
            return null;
        }
        JsonNode value;
        try {
            value = SettingField.MODEL.toJson(model.asText());
        } catch (IllegalArgumentException e) {
            throw ParleyException.invalidParams("params.model", e.getMessage());
        }
        ObjectNode s = Json.object().put("type", "settings").put("source", "rpc");
        ObjectNode change = s.putObject("changes").putObject(SettingField.MODEL.wire());
        change.putNull("old");
        change.set("new", value);
        return s;
    }

    /** Live sub-agent sessions whose parent is {@code parent}, over every page of active sub-agent sessions. */
    private Uni<Integer> liveChildren(String parent, String cursor, int counted) {
        ListQuery q = new ListQuery(null, null, "subagent", "active", null, 1000, cursor);
        return service.list(q).chain(page -> countPage(parent, page).chain(n -> page.nextCursor() == null
                ? Uni.createFrom().item(counted + n) : liveChildren(parent, page.nextCursor(), counted + n)));
    }

    private Uni<Integer> countPage(String parent, ListPage page) {
        if (page.sessions().isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Uni<Boolean>> checks = new ArrayList<>();
        for (SessionSummary s : page.sessions()) {
            SessionKey key = SessionKey.parse(s.sessionKey(), service.options().defaultAgent());
            checks.add(tree.node(key).map(n -> parent.equals(n.parent())));
        }
        return Uni.join().all(checks).andFailFast()
                .map(list -> (int) list.stream().filter(Boolean::booleanValue).count());
    }
}
