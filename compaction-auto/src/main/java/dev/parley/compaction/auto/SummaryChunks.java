package dev.parley.compaction.auto;

import dev.parley.compaction.spi.TokenEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Output side of adaptive chunking (the seed's paragraph packing): paragraphs are packed in order into chunks
 * of about {@code targetTokens}, so that an unchanged head of the summary yields identical leading chunks and
 * keeps hitting the provider's prompt cache. Unlike the seed's sketch it never emits an empty chunk, and a
 * paragraph larger than the target becomes a chunk of its own rather than being cut. The chunks joined with
 * blank lines give back the normalised summary.
 */
final class SummaryChunks {
    private SummaryChunks() {}

    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t]*\\n(?:[ \\t]*\\n)*");

    /** The summary with runs of blank lines folded to one and outer white space stripped. */
    static String normalise(String summary) {
        return String.join("\n\n", paragraphs(summary));
    }

    static List<String> split(String summary, int targetTokens, TokenEstimator estimator) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String para : paragraphs(summary)) {
            if (current.length() > 0 && estimator.estimate(current + "\n\n" + para) > targetTokens) {
                chunks.add(current.toString());
                current.setLength(0);
            }
            if (current.length() > 0) {
                current.append("\n\n");
            }
            current.append(para);
        }
        if (current.length() > 0) {
            chunks.add(current.toString());
        }
        return chunks;
    }

    private static List<String> paragraphs(String text) {
        List<String> out = new ArrayList<>();
        for (String p : PARAGRAPH_BREAK.split(text.strip())) {
            String t = p.stripTrailing();
            if (!t.isBlank()) {
                out.add(t);
            }
        }
        return out;
    }
}
