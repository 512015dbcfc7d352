package dev.parley.core.compaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.core.context.EntryViews;
import dev.parley.core.store.ViewSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the model's view (SPEC §3.1, §5): the summary in force, then the entries from its {@code firstKeptSeq}
 * with its trims applied (a reset's notice first). When the view is still over budget, the oldest whole turns
 * are left out and {@code overBudget} is reported.
 */
final class ContextAssembler {
    private static final String MARKER = "\n…[trimmed %d characters]…\n";

    private ContextAssembler() {}

    /** What the compaction in force contributes: its summary (and chunks), their tokens, its trims by seq. */
    private record Header(String summary, List<String> chunks, long tokens, Map<Long, List<JsonNode>> trims) {
        static Header of(ObjectNode compact, TokenEstimator est) {
            Map<Long, List<JsonNode>> trims = new HashMap<>();
            if (compact == null) {
                return new Header(null, null, 0, trims);
            }
            String summary = compact.path("summary").asText("");
            List<String> chunks = new ArrayList<>();
            for (JsonNode c : compact.path("summaryChunks")) {
                chunks.add(c.asText());
            }
            for (JsonNode t : compact.path("trims")) {
                trims.computeIfAbsent(t.path("seq").asLong(), k -> new ArrayList<>()).add(t);
            }
            return new Header(summary, chunks, est.estimate(summary), trims);
        }

        /** The entry as the model sees it (trims applied), or null when it is not part of the model's view. */
        ObjectNode shown(ObjectNode e) {
            boolean resetNotice = e.path("type").asText().equals("reset") && e.hasNonNull("notice");
            if (!EntryViews.inView(e) && !resetNotice) {
                return null;
            }
            List<JsonNode> t = trims.get(e.path("seq").asLong());
            return t != null ? trim(e, t) : e;
        }
    }

    static ContextView assemble(ViewSnapshot v, ContextBudget budget, TokenEstimator est) {
        Header h = Header.of(v.lastCompact(), est);
        long tokens = h.tokens();
        List<List<ObjectNode>> turns = new ArrayList<>();
        List<ObjectNode> current = new ArrayList<>();
        for (ObjectNode e : v.entries()) {
            ObjectNode shown = h.shown(e);
            if (shown == null) {
                continue;
            }
            if (EntryViews.startsTurn(shown) && !current.isEmpty()) {
                turns.add(current);
                current = new ArrayList<>();
            }
            current.add(shown);
        }
        if (!current.isEmpty()) {
            turns.add(current);
        }
        long[] turnTokens = new long[turns.size()];
        for (int i = 0; i < turns.size(); i++) {
            for (ObjectNode e : turns.get(i)) {
                turnTokens[i] += EntryViews.tokens(e, est);
            }
            tokens += turnTokens[i];
        }
        int first = 0;
        boolean over = tokens > budget.availableForHistory();
        long shownTokens = tokens;
        while (shownTokens > budget.availableForHistory() && first < turns.size() - 1) {
            shownTokens -= turnTokens[first++];
        }
        List<ObjectNode> out = new ArrayList<>();
        for (int i = first; i < turns.size(); i++) {
            out.addAll(turns.get(i));
        }
        return new ContextView(v.sessionKey(), budget.contextWindow(), budget.reserve(), budget.availableForHistory(),
                shownTokens, over, h.summary(), h.chunks(), out);
    }

    /**
     * The same view as {@link #assemble}, built newest first for a view that is likely over budget: {@code source}
     * hands over the view's entries newest first (given the compaction in force) for as long as the consumer answers
     * true, so only the turns that are shown (and one more) are read. The newest turn is always shown; older whole
     * turns are added while the summary and the turns shown fit the budget.
     */
    static ContextView assembleTail(String sessionKey, TailSource source, ContextBudget budget, TokenEstimator est)
            throws java.io.IOException {
        Tail tail = new Tail(budget.availableForHistory(), est);
        source.read(tail::header, tail::offer);
        tail.finish();
        return new ContextView(sessionKey, budget.contextWindow(), budget.reserve(), budget.availableForHistory(),
                tail.shownTokens, tail.over, tail.header.summary(), tail.header.chunks(), tail.entries());
    }

    /** A view read newest first: {@code header} gets the compaction in force before any entry. */
    @FunctionalInterface
    interface TailSource {
        void read(java.util.function.Consumer<ObjectNode> header, java.util.function.Predicate<ObjectNode> each)
                throws java.io.IOException;
    }

    /** The newest-first accumulation of whole turns (entries of a turn kept newest first until it is complete). */
    private static final class Tail {
        private final long available;
        private final TokenEstimator est;
        private Header header = new Header(null, null, 0, Map.of());
        private final java.util.ArrayDeque<List<ObjectNode>> turns = new java.util.ArrayDeque<>();
        private List<ObjectNode> group = new ArrayList<>();
        private long groupTokens;
        private long shownTokens;
        private boolean over;

        Tail(long available, TokenEstimator est) {
            this.available = available;
            this.est = est;
        }

        void header(ObjectNode compact) {
            header = Header.of(compact, est);
            shownTokens = header.tokens();
        }

        boolean offer(ObjectNode e) {
            ObjectNode shown = header.shown(e);
            if (shown == null) {
                return true;
            }
            group.add(shown);
            groupTokens += EntryViews.tokens(shown, est);
            return !EntryViews.startsTurn(shown) || close();
        }

        /** A whole turn was read: shown when it is the newest or still fits; false ends the reading. */
        private boolean close() {
            if (!turns.isEmpty() && shownTokens + groupTokens > available) {
                over = true;
                return false;
            }
            java.util.Collections.reverse(group);
            turns.addFirst(group);
            shownTokens += groupTokens;
            group = new ArrayList<>();
            groupTokens = 0;
            return true;
        }

        /** The view's start was reached (or reading stopped): entries before the first turn start form turn 0. */
        void finish() {
            if (!over && !group.isEmpty()) {
                close();
            }
            over |= shownTokens > available;
        }

        List<ObjectNode> entries() {
            List<ObjectNode> out = new ArrayList<>();
            turns.forEach(out::addAll);
            return out;
        }
    }

    /** A copy of {@code e} with the trimmed tool-result blocks shortened to head + marker + tail. */
    private static ObjectNode trim(ObjectNode e, List<JsonNode> trims) {
        ObjectNode copy = e.deepCopy();
        JsonNode content = copy.path("message").path("content");
        if (!content.isArray()) {
            return copy;
        }
        ArrayNode blocks = (ArrayNode) content;
        List<ObjectNode> results = new ArrayList<>();
        for (JsonNode b : blocks) {
            if (b instanceof ObjectNode o && o.path("type").asText().equals("tool_result")) {
                results.add(o);
            }
        }
        for (JsonNode t : trims) {
            // blockIndex counts tool results (Entry.toolResults()), not all content blocks.
            int i = t.path("blockIndex").asInt(-1);
            if (i < 0 || i >= results.size()) {
                continue;
            }
            ObjectNode b = results.get(i);
            String text = b.path("content").asText("");
            int head = Math.min(t.path("headChars").asInt(), text.length());
            int tail = Math.min(t.path("tailChars").asInt(), text.length() - head);
            if (head + tail < text.length()) {
                b.put("content", text.substring(0, head) + String.format(MARKER, text.length() - head - tail)
                        + text.substring(text.length() - tail));
            }
        }
        return copy;
    }
}
