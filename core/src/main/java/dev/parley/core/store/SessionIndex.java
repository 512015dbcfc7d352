package dev.parley.core.store;

import dev.parley.core.error.ParleyException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Predicate;

/**
 * The order {@code sessions.list} pages through: lastActiveAt descending, then key ascending (SPEC §11).
 *
 * <p>Design notes. A concurrent skip list of (lastActiveAt, key) rows plus a map from key to its current row,
 * so an append moves one row in O(log n) and a page costs O(log n + rows scanned) however many sessions exist.
 * The cursor is the last row of the previous page, encoded; pages are stable under concurrent moves in the
 * sense that a row is never returned twice on one page. Updates for one key come from its lane only.
 */
final class SessionIndex {
    record Row(long lastActiveAt, String key) {}

    private static final Comparator<Row> ORDER = Comparator.comparingLong(Row::lastActiveAt).reversed()
            .thenComparing(Row::key);

    private final NavigableSet<Row> rows = new ConcurrentSkipListSet<>(ORDER);
    private final ConcurrentHashMap<String, Row> current = new ConcurrentHashMap<>();

    void put(String key, long lastActiveAt) {
        Row next = new Row(lastActiveAt, key);
        Row prev = current.put(key, next);
        if (prev != null && !prev.equals(next)) {
            rows.remove(prev);
        }
        rows.add(next);
    }

    void remove(String key) {
        Row prev = current.remove(key);
        if (prev != null) {
            rows.remove(prev);
        }
    }

    int size() {
        return current.size();
    }

    /** Up to {@code limit + 1} keys after {@code cursor} (null: from the start) that pass {@code filter}. */
    List<Row> page(String cursor, int limit, Predicate<String> filter) {
        NavigableSet<Row> view = cursor == null ? rows : rows.tailSet(decode(cursor), false);
        List<Row> out = new ArrayList<>(Math.min(limit + 1, 1024));
        for (Row r : view) {
            if (filter.test(r.key())) {
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
            return new Row(Long.parseLong(raw.substring(0, bar)), raw.substring(bar + 1));
        } catch (RuntimeException e) {
            throw ParleyException.invalidParams("cursor", "cursor is not one returned by sessions.list");
        }
    }
}
