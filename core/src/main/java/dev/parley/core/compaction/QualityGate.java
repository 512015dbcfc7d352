package dev.parley.core.compaction;

import dev.parley.compaction.spi.Entry;
import dev.parley.compaction.spi.ToolResult;
import dev.parley.compaction.spi.ToolUse;
import dev.parley.compaction.spi.Turn;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The summary quality gate of SPEC §6. A new summary fails when it lacks the last user request of its input (a
 * verbatim prefix of at most {@value #LAST_REQUEST_CHARS} characters), any identifier in that request, any
 * identifier in a sentence stating a decision, an open task or a rule, or any identifier in the newest three
 * summarised turns. Only what people wrote counts as required (user and assistant text); identifiers in tool
 * inputs and outputs are optional and only counted. Same rules as compaction-auto's {@code MustKeep}.
 */
final class QualityGate {
    static final int LAST_REQUEST_CHARS = 600;
    private static final int NEWEST_TURNS = 3;
    private static final Pattern BLANK_LINES = Pattern.compile("\\s*\\n\\s*\\n\\s*");

    /** The outcome: what is missing, and counts for the compact entry's note. */
    record Verdict(List<String> missing, int requiredKept, int requiredTotal, int optionalKept, int optionalTotal,
                   boolean requestKept) {
        boolean passed() {
            return missing.isEmpty() && requestKept;
        }

        String note() {
            return "kept " + requiredKept + "/" + requiredTotal + " required and " + optionalKept + "/"
                    + optionalTotal + " optional identifiers";
        }

        String reason() {
            if (!requestKept) {
                return "summary lacks the last user request";
            }
            return "summary lacks required identifiers: "
                    + String.join(", ", missing.subList(0, Math.min(10, missing.size())));
        }
    }

    private QualityGate() {}

    /** Checks {@code summary} against the summarised turns. */
    static Verdict check(String summary, List<Turn> summarised) {
        String lastRequest = null;
        Set<String> required = new LinkedHashSet<>();
        Set<String> all = new LinkedHashSet<>();
        for (int t = summarised.size() - 1; t >= 0; t--) {
            boolean newest = t >= summarised.size() - NEWEST_TURNS;
            List<Entry> entries = summarised.get(t).entries();
            for (int i = entries.size() - 1; i >= 0; i--) {
                Entry e = entries.get(i);
                if (e.system() || "thinking".equals(e.type())) {
                    continue;
                }
                String text = fold(e.text());
                boolean person = "message".equals(e.type())
                        && ("user".equals(e.role()) || "assistant".equals(e.role()));
                if (lastRequest == null && person && "user".equals(e.role()) && !text.isEmpty()) {
                    lastRequest = prefix(text);
                    required.addAll(Identifiers.find(text));
                }
                if (person) {
                    if (newest) {
                        required.addAll(Identifiers.find(text));
                    }
                    for (String s : Sentences.split(text)) {
                        if (Sentences.classify(s) != Sentences.Kind.OTHER) {
                            required.addAll(Identifiers.find(s));
                        }
                    }
                }
                all.addAll(Identifiers.find(text));
                for (ToolUse u : e.toolUses()) {
                    all.addAll(Identifiers.find(u.input()));
                }
                for (ToolResult r : e.toolResults()) {
                    all.addAll(Identifiers.find(r.content()));
                }
            }
        }
        all.removeAll(required);
        List<String> missing = required.stream().filter(id -> !summary.contains(id)).toList();
        int optionalKept = (int) all.stream().filter(summary::contains).count();
        boolean requestKept = lastRequest == null || summary.contains(lastRequest);
        return new Verdict(missing, required.size() - missing.size(), required.size(), optionalKept, all.size(),
                requestKept);
    }

    static String fold(String text) {
        return BLANK_LINES.matcher(text).replaceAll("\n").strip();
    }

    /** The verbatim prefix of a last request: whole if short, else cut at the last space before the limit. */
    static String prefix(String text) {
        if (text.length() <= LAST_REQUEST_CHARS) {
            return text;
        }
        int cut = text.lastIndexOf(' ', LAST_REQUEST_CHARS);
        return text.substring(0, cut > LAST_REQUEST_CHARS / 2 ? cut : LAST_REQUEST_CHARS).strip();
    }
}
