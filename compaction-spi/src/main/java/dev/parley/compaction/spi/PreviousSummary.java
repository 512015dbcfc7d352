package dev.parley.compaction.spi;

import java.util.List;

/** The summary of the last compaction still in force: its text and its paragraph-sized chunks. */
public record PreviousSummary(String text, List<String> chunks) {
    public PreviousSummary {
        Checks.notNull(text, "text");
        chunks = List.copyOf(Checks.notNull(chunks, "chunks"));
    }
}
