package dev.parley.core.compaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.core.context.EntryViews;
import java.util.List;

/**
 * Running figures of one session's model view — tokens, turns, messages — kept in memory so the guard costs O(1)
 * per append. Computed once from the view when first needed, then updated by each append; a reset zeroes them,
 * a compaction sets them. Lane-confined (mutated only on the session's lane).
 */
final class ViewStats {
    long tokens;
    int turns;
    int messages;
    /** True once an overflow notice was written in this episode (until the next compact or reset). */
    boolean noticed;

    static ViewStats of(List<ObjectNode> viewEntries, JsonNode lastCompact, TokenEstimator est) {
        ViewStats s = new ViewStats();
        s.addSummary(lastCompact, est);
        for (ObjectNode e : viewEntries) {
            s.add(e, est);
        }
        return s;
    }

    /** The summary of the compaction in force (if any) counts in the view's tokens. */
    void addSummary(JsonNode lastCompact, TokenEstimator est) {
        if (lastCompact != null) {
            tokens += est.estimate(lastCompact.path("summary").asText(""));
        }
    }

    void add(ObjectNode e, TokenEstimator est) {
        switch (e.path("type").asText()) {
            case "reset" -> {
                tokens = 0;
                turns = 0;
                messages = 0;
                noticed = false;
            }
            default -> {
                if (!EntryViews.inView(e)) {
                    return;
                }
                tokens += EntryViews.tokens(e, est);
                if (EntryViews.startsTurn(e)) {
                    turns++;
                }
                String role = e.path("message").path("role").asText();
                if (role.equals("user") || role.equals("assistant")) {
                    messages++;
                }
            }
        }
    }
}
