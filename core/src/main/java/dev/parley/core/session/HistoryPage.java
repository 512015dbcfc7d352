package dev.parley.core.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/** A page of transcript entries of the active history, in seq order. */
public record HistoryPage(String sessionKey, List<ObjectNode> entries, boolean hasMore) {
    public HistoryPage {
        Objects.requireNonNull(sessionKey, "sessionKey is null");
        entries = List.copyOf(entries);
    }
}
