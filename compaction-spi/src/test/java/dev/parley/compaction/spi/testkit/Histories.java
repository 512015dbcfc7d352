package dev.parley.compaction.spi.testkit;

import dev.parley.compaction.spi.Entry;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.compaction.spi.ToolResult;
import dev.parley.compaction.spi.ToolUse;
import dev.parley.compaction.spi.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random conversation histories for contract and property tests: user turns with assistant replies,
 * tool calls answered by tool results (sometimes several, sometimes oversized), notices and undelivered sends.
 */
public final class Histories {
    private static final String[] WORDS = ("the deploy of service api-gateway to host db-7.internal failed because "
            + "ticket JIRA-4821 says port 5432 must stay closed we decided to roll back and open task T-19 user asked "
            + "for a summary of https://example.com/runbook and the file config/app.yaml").split(" ");

    private Histories() {}

    /** A simple estimator for tests: one token per 4 characters, at least 1 for non-empty text. */
    public static final TokenEstimator CHARS_OVER_4 = text -> text.isEmpty() ? 0 : Math.max(1, text.length() / 4);

    /** {@code turns} turns of random content; seqs start at {@code firstSeq}. */
    public static List<Turn> random(long seed, int turns, long firstSeq) {
        Random r = new Random(seed);
        List<Turn> out = new ArrayList<>();
        long seq = firstSeq;
        for (int t = 0; t < turns; t++) {
            List<Entry> entries = new ArrayList<>();
            entries.add(message(seq++, "user", sentence(r, 5 + r.nextInt(30))));
            int tools = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
            for (int k = 0; k < tools; k++) {
                String id = "toolu_" + t + "_" + k;
                entries.add(entry(seq++, "assistant", sentence(r, 3), List.of(new ToolUse(id, "bash", "{\"cmd\":\"ls\"}")),
                        List.of(), true));
                int size = r.nextInt(5) == 0 ? 2000 + r.nextInt(4000) : 20 + r.nextInt(200);
                entries.add(entry(seq++, "user", "", List.of(),
                        List.of(new ToolResult(id, sentence(r, size / 5), r.nextInt(10) == 0)), true));
            }
            entries.add(entry(seq++, "assistant", sentence(r, 10 + r.nextInt(60)), List.of(), List.of(),
                    r.nextInt(15) != 0));
            out.add(new Turn(t, entries));
        }
        return out;
    }

    static Entry message(long seq, String role, String text) {
        return entry(seq, role, text, List.of(), List.of(), true);
    }

    static Entry entry(long seq, String role, String text, List<ToolUse> uses, List<ToolResult> results,
                       boolean delivered) {
        int tokens = CHARS_OVER_4.estimate(text);
        for (ToolUse u : uses) {
            tokens += CHARS_OVER_4.estimate(u.input()) + 4;
        }
        for (ToolResult res : results) {
            tokens += CHARS_OVER_4.estimate(res.content()) + 4;
        }
        return new Entry(seq, "message", role, text, uses, results, tokens, delivered, false);
    }

    static String sentence(Random r, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(i % 12 == 0 ? ". " : " ");
            }
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        return sb.append('.').toString();
    }
}
