package dev.parley.core.store;

import dev.parley.core.error.ParleyException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Predicate;

/**
 * The order {@code sessions.list} pages through: lastActiveAt descending, then key ascending (SPEC §11).
 *
 * <p>Design notes. Concurrent skip lists of rows — one over all sessions, one per agent and one per channel —
 * plus a map from key to its current row, so an append moves a row in O(log n) and a page costs
 * O(log n + rows scanned); filtering by agent or channel walks only that agent's or channel's list, so a narrow
 * filter does not scan every session. Rows carry the parsed key parts, so filtering never re-parses keys. The
 * cursor is the last row of the previous page, encoded. Updates for one key come from its lane only.
 */
final class SessionIndex {
    /** One session's place in the order, with the key parts list filters look at. */
    record Row(long lastActiveAt, String key, String agentId, String channel, String scope) {}

    private static final Comparator<Row> ORDER = Comparator.comparingLong(Row::lastActiveAt).reversed()
            .thenComparing(Row::key);

    private final NavigableSet<Row> rows = new ConcurrentSkipListSet<>(ORDER);
    private final Map<String, NavigableSet<Row>> byAgent = new ConcurrentHashMap<>();
    private final Map<String, NavigableSet<Row>> byChannel = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Row> current = new ConcurrentHashMap<>();

    void put(String key, String agentId, String channel, String scope, long lastActiveAt) {
        Row next = new Row(lastActiveAt, key, agentId, channel, scope);
        Row prev = current.put(key, next);
        if (prev != null && !prev.equals(next)) {
            unlink(prev);
        }
        rows.add(next);
        byAgent.computeIfAbsent(agentId, a -> new ConcurrentSkipListSet<>(ORDER)).add(next);
        if (channel != null) {
            byChannel.computeIfAbsent(channel, c -> new ConcurrentSkipListSet<>(ORDER)).add(next);
        }
    }

    void remove(String key) {
        Row prev = current.remove(key);
        if (prev != null) {
            unlink(prev);
        }
    }

    private void unlink(Row r) {
        rows.remove(r);
        NavigableSet<Row> a = byAgent.get(r.agentId());
        if (a != null) {
            a.remove(r);
        }
        if (r.channel() != null) {
            NavigableSet<Row> c = byChannel.get(r.channel());
            if (c != null) {
                c.remove(r);
            }
        }
    }

    int size() {
        return current.size();
    }

    /**
     * Up to {@code limit + 1} rows after {@code cursor} (null: from the start) that pass {@code filter}, walking
     * the narrowest list the agent and channel filters allow (either may be null).
     */
    List<Row> page(String cursor, int limit, String agentId, String channel, Predicate<Row> filter) {
        NavigableSet<Row> base = rows;
        if (channel != null) {
            base = byChannel.getOrDefault(channel, new ConcurrentSkipListSet<>(ORDER));
        } else if (agentId != null) {
            base = byAgent.getOrDefault(agentId, new ConcurrentSkipListSet<>(ORDER));
        }
        NavigableSet<Row> view = cursor == null ? base : base.tailSet(decode(cursor), false);
        List<Row> out = new ArrayList<>(Math.min(limit + 1, 1024));
        for (Row r : view) {
            if ((agentId == null || agentId.equals(r.agentId())) && filter.test(r)) {
                out.add(r);
                if (out.size() > limit) {
                    break;
                }
            }
        }
        return out;
    }

    static String cursorAfter(Row r) {
        String raw = r.lastActiveAt() + "|" + r.key();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Row decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new Row(Long.parseLong(raw.substring(0, bar)), raw.substring(bar + 1), "", null, null);
        } catch (RuntimeException e) {
            throw ParleyException.invalidParams("cursor", "cursor is not one returned by sessions.list");
        }
    }
}
