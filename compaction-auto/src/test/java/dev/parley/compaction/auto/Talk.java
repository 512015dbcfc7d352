package dev.parley.compaction.auto;

import dev.parley.compaction.spi.CompactionReason;
import dev.parley.compaction.spi.CompactionRequest;
import dev.parley.compaction.spi.CompactionSettings;
import dev.parley.compaction.spi.Entry;
import dev.parley.compaction.spi.PreviousSummary;
import dev.parley.compaction.spi.Summarizer;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.compaction.spi.ToolResult;
import dev.parley.compaction.spi.ToolUse;
import dev.parley.compaction.spi.Turn;
import java.util.ArrayList;
import java.util.List;

/** Builds conversations turn by turn for tests; entry token counts use {@link #ESTIMATOR}. */
final class Talk {
    /** ≈ chars/4, CJK whole: the same rule as the core's heuristic and the extractive summariser. */
    static final TokenEstimator ESTIMATOR = Tokens::estimate;

    private final List<Turn> turns = new ArrayList<>();
    private List<Entry> current;
    private long seq = 1;
    private int tokens;

    Talk user(String text) {
        if (current != null) {
            turns.add(new Turn(turns.size(), current));
        }
        current = new ArrayList<>();
        current.add(entry("user", text, List.of(), List.of(), false));
        return this;
    }

    Talk assistant(String text) {
        current().add(entry("assistant", text, List.of(), List.of(), false));
        return this;
    }

    Talk system(String text) {
        current().add(entry("system", text, List.of(), List.of(), true));
        return this;
    }

    Talk tool(String id, String name, String input, String result) {
        current().add(entry("assistant", "", List.of(new ToolUse(id, name, input)), List.of(), false));
        current().add(entry("user", "", List.of(), List.of(new ToolResult(id, result, false)), false));
        return this;
    }

    private List<Entry> current() {
        if (current == null) {
            current = new ArrayList<>();
        }
        return current;
    }

    private Entry entry(String role, String text, List<ToolUse> uses, List<ToolResult> results, boolean system) {
        int tokens = ESTIMATOR.estimate(text);
        for (ToolUse u : uses) {
            tokens += ESTIMATOR.estimate(u.input()) + 4;
        }
        for (ToolResult r : results) {
            tokens += ESTIMATOR.estimate(r.content()) + 4;
        }
        this.tokens += tokens;
        return new Entry(seq++, "message", role, text, uses, results, tokens, true, system);
    }

    /** Token count of the history so far. */
    int tokens() {
        return tokens;
    }

    List<Turn> turns() {
        List<Turn> out = new ArrayList<>(turns);
        if (current != null) {
            out.add(new Turn(out.size(), current));
        }
        return out;
    }

    static CompactionRequest request(List<Turn> turns, int budget, CompactionSettings settings,
                                     PreviousSummary previous, Summarizer summarizer) {
        return new CompactionRequest("agent:main:slack:dm:U1", turns, budget, settings, CompactionReason.MANUAL,
                previous, summarizer, ESTIMATOR);
    }

    static CompactionSettings settings(int keep, int summaryMax) {
        return new CompactionSettings(keep, summaryMax, true, null);
    }
}
