package dev.parley.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.key.KeyKind;
import dev.parley.core.key.SessionKey;
import dev.parley.core.session.SessionService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who spawned whom. The parent is recorded on a sub-agent's first (task) message as {@code spawnedBy} and
 * {@code spawnDepth}; the metadata derives both from it (so they survive a metadata rebuild) and
 * {@code sessions.get} shows them. This index caches them, filled lazily (one {@code get} per sub-agent key, the
 * first time it is asked about) and eagerly from acknowledged appends carrying {@code spawnedBy}. Only
 * {@code subagent} keys can have a parent, so other keys never cost a lookup. A parent never changes, so the cache
 * is never invalidated; a key that does not exist (yet) is not cached.
 */
final class SpawnTree implements AutoCloseable {

    /** Where a session sits in the tree: its parent (null for a root) and its depth (0 for a root). */
    record Node(String parent, int depth) {
        static final Node ROOT = new Node(null, 0);
    }

    /** Longest parent chain ever walked: guards against a hand-made cycle in imported transcripts. */
    private static final int MAX_WALK = 64;

    private final SessionService service;
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final Runnable unregister;

    SpawnTree(SessionService service) {
        this.service = service;
        this.unregister = service.onAppend(this::appended);
    }

    private void appended(String sessionKey, long firstSeq, List<ObjectNode> entries) {
        for (ObjectNode e : entries) {
            Node n = fromJson(e);
            if (n.parent() != null) {
                nodes.putIfAbsent(sessionKey, n);
                return;
            }
        }
    }

    /** The node of {@code key} (canonical); {@link Node#ROOT} for a key that is not a spawned sub-agent. */
    Uni<Node> node(SessionKey key) {
        if (key.kind() != KeyKind.SUBAGENT) {
            return Uni.createFrom().item(Node.ROOT);
        }
        Node cached = nodes.get(key.format());
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return service.get(key.format())
                .map(meta -> {
                    Node n = fromJson(meta);
                    nodes.putIfAbsent(key.format(), n);
                    return n;
                })
                .onFailure(ParleyException.class).recoverWithUni(e -> {
                    if (((ParleyException) e).code() == ErrorCode.SESSION_NOT_FOUND) {
                        return Uni.createFrom().item(Node.ROOT);
                    }
                    return Uni.createFrom().failure(e);
                });
    }

    /** Whether {@code ancestor} spawned {@code key}, directly or through its children. */
    Uni<Boolean> isDescendant(SessionKey key, String ancestor) {
        return walk(key, ancestor, 0);
    }

    private Uni<Boolean> walk(SessionKey key, String ancestor, int steps) {
        if (steps >= MAX_WALK) {
            return Uni.createFrom().item(false);
        }
        return node(key).chain(n -> {
            if (n.parent() == null) {
                return Uni.createFrom().item(false);
            }
            if (n.parent().equals(ancestor)) {
                return Uni.createFrom().item(true);
            }
            SessionKey parent;
            try {
                parent = SessionKey.parse(n.parent(), service.options().defaultAgent());
            } catch (RuntimeException e) {
                return Uni.createFrom().item(false);
            }
            return walk(parent, ancestor, steps + 1);
        });
    }

    /** Reads {@code spawnedBy}/{@code spawnDepth} off a task entry or a metadata entry. */
    static Node fromJson(JsonNode o) {
        JsonNode by = o.get("spawnedBy");
        if (by == null || !by.isTextual()) {
            return Node.ROOT;
        }
        return new Node(by.asText(), Math.max(1, o.path("spawnDepth").asInt(1)));
    }

    @Override
    public void close() {
        unregister.run();
    }
}
