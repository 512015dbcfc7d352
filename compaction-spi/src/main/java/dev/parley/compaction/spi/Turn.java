package dev.parley.compaction.spi;

import java.util.List;

/**
 * A turn: from a user message whose content is not only tool results up to the next such message (SPEC §5).
 * Entries before the first user message form turn 0. A {@code tool_use} and its {@code tool_result} always lie
 * in the same turn, so compactors that keep or drop whole turns never split a tool pair.
 *
 * @param index   position in the active history, from 0
 * @param entries the turn's entries in seq order; never empty
 */
public record Turn(int index, List<Entry> entries) {
    public Turn {
        Checks.nonNegative(index, "index");
        entries = List.copyOf(Checks.notNull(entries, "entries"));
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a turn has at least one entry");
        }
    }

    public long firstSeq() {
        return entries.get(0).seq();
    }

    public int tokens() {
        int sum = 0;
        for (Entry e : entries) {
            sum += e.tokens();
        }
        return sum;
    }
}
