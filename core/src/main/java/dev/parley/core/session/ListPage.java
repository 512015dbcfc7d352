package dev.parley.core.session;

import java.util.List;

/** A page of {@code sessions.list}, ordered by lastActiveAt desc then key; nextCursor null on the last page. */
public record ListPage(List<SessionSummary> sessions, String nextCursor) {
    public ListPage {
        sessions = List.copyOf(sessions);
    }
}
