package dev.parley.core.compaction;

import dev.parley.compaction.spi.Entry;
import dev.parley.compaction.spi.Turn;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The summary quality gate of SPEC §6. A new summary fails when it lacks the last user request of its input,
 * any identifier in that request, any identifier in a sentence stating a decision, an open task or a rule, or any
 * identifier in the newest three summarised turns. Other identifiers are kept best-effort and counted.
 */
final class QualityGate {
    private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?])\\s+|\\n+");
    private static final Pattern KEY_SENTENCE = Pattern.compile(
            "\\b(decided|decision|agreed|we will|we'll|will use|going with|chose|todo|to do|need to|needs to|"
                    + "next step|follow up|open task|pending|must|never|always|do not|don't|required|rule|policy|"
                    + "should not|shall)\\b", Pattern.CASE_INSENSITIVE);

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
            return "summary lacks required identifiers: " + String.join(", ", missing.subList(0, Math.min(10, missing.size())));
        }
    }

    private QualityGate() {}

    /** Checks {@code summary} against the summarised turns. */
    static Verdict check(String summary, List<Turn> summarised) {
        String lastRequest = lastUserRequest(summarised);
        Set<String> required = new LinkedHashSet<>();
        Set<String> optional = new LinkedHashSet<>();
        if (lastRequest != null) {
            required.addAll(Identifiers.in(lastRequest));
        }
        for (int i = 0; i < summarised.size(); i++) {
            boolean newest = i >= summarised.size() - 3;
            for (Entry e : summarised.get(i).entries()) {
                for (String sentence : SENTENCE.split(e.text())) {
                    Set<String> ids = Identifiers.in(sentence);
                    if (newest || KEY_SENTENCE.matcher(sentence).find()) {
                        required.addAll(ids);
                    } else {
                        optional.addAll(ids);
                    }
                }
            }
        }
        optional.removeAll(required);
        List<String> missing = required.stream().filter(id -> !Identifiers.kept(summary, id)).toList();
        int optionalKept = (int) optional.stream().filter(id -> Identifiers.kept(summary, id)).count();
        boolean requestKept = lastRequest == null || containsRequest(summary, lastRequest);
        return new Verdict(missing, required.size() - missing.size(), required.size(), optionalKept, optional.size(),
                requestKept);
    }

    /** The text of the last user message that starts a turn, or null. */
    static String lastUserRequest(List<Turn> turns) {
        for (int t = turns.size() - 1; t >= 0; t--) {
            List<Entry> es = turns.get(t).entries();
            for (int i = es.size() - 1; i >= 0; i--) {
                Entry e = es.get(i);
                if ("user".equals(e.role()) && !e.text().isBlank()) {
                    return e.text();
                }
            }
        }
        return null;
    }

    /** The request is kept when the summary holds it (whitespace- and case-insensitively; long ones by prefix). */
    static boolean containsRequest(String summary, String request) {
        String s = Identifiers.normalise(summary);
        String r = Identifiers.normalise(request);
        if (r.length() > 300) {
            r = r.substring(0, 200);
        }
        return s.contains(r.toLowerCase(Locale.ROOT));
    }
}
