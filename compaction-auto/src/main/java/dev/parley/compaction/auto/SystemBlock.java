package dev.parley.compaction.auto;

import dev.parley.compaction.spi.Entry;
import dev.parley.compaction.spi.Turn;
import java.util.List;

/**
 * Compactors never drop the system prompt (SPEC §6), but {@code auto} replaces whole turns by a summary. So the
 * text of every entry flagged {@code system} among the summarised turns is carried verbatim at the head of the
 * summary, between two marker lines, and carried forward from the previous summary unchanged; an identical
 * text is carried once. The block is the most stable part of a summary, so it also leads the prompt-cache
 * prefix. (The SPI's flag also covers Parley's notices, which are carried the same way.)
 */
final class SystemBlock {
    static final String OPEN = "[system entries kept verbatim]";
    static final String CLOSE = "[end of system entries]";

    /** The block to lead the new summary with, or "" when there is none. */
    final String block;
    /** The previous summary without its block, or null. */
    final String previousRest;

    private SystemBlock(String block, String previousRest) {
        this.block = block;
        this.previousRest = previousRest;
    }

    static SystemBlock of(String previousSummary, List<Turn> summarised) {
        StringBuilder body = new StringBuilder();
        String rest = previousSummary;
        if (previousSummary != null && previousSummary.startsWith(OPEN)) {
            int end = previousSummary.indexOf("\n" + CLOSE);
            if (end > 0) {
                body.append(previousSummary, OPEN.length() + 1, end);
                rest = previousSummary.substring(end + CLOSE.length() + 1).strip();
            }
        }
        for (Turn t : summarised) {
            for (Entry e : t.entries()) {
                String text = e.text().strip();
                if (e.system() && !text.isEmpty() && body.indexOf(text) < 0) {
                    body.append(body.length() > 0 ? "\n\n" : "").append(text);
                }
            }
        }
        String block = body.length() == 0 ? "" : OPEN + "\n" + body + "\n" + CLOSE;
        return new SystemBlock(block, rest == null || rest.isBlank() ? null : rest);
    }

    String prepend(String summary) {
        if (block.isEmpty()) {
            return summary;
        }
        return summary.isBlank() ? block : block + "\n\n" + summary;
    }
}
