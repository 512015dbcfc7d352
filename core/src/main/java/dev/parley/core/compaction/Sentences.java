package dev.parley.core.compaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A copy of compaction-auto's identifier rules (the SPI boundary forbids sharing code): the engine's quality gate
 * must require exactly what the built-in compactor asks its summariser to keep. Keep the two in sync.
 *
 * Splits text into sentences and says which ones state a decision, a rule or an open task (SPEC §6: the
 * summary must keep them and their identifiers). Keyword lists, not a model: cheap, deterministic and good
 * enough to rank sentences; the quality gate re-checks the result anyway.
 */
final class Sentences {
    private Sentences() {}

    /** What a sentence states, strongest first: a sentence with a decision word is a decision. */
    enum Kind { DECISION, RULE, TASK, OTHER }

    private static final Set<String> DECISION = Set.of("we decided", "decided", "decision", "agreed", "agree on",
            "settled on", "opted for", "going with", "go with", "went with", "will use", "we'll use", "i'll use",
            "let's use", "we use", "switch to", "switched to", "approved", "chose", "picked");
    private static final Set<String> RULE = Set.of("must", "must not", "mustn't", "never", "always", "do not",
            "don't", "shall", "should not", "shouldn't", "may not", "not allowed", "forbidden", "prohibited",
            "required", "mandatory", "policy", "rule", "only ever");
    private static final Set<String> TASK = Set.of("todo", "to-do", "need to", "needs to", "next step",
            "next steps", "please", "action item", "follow up", "follow-up", "still have to", "have to", "has to",
            "remember to", "don't forget", "make sure", "open task", "pending", "remaining", "can you", "could you",
            "would you", "let's", "will do", "i'll");

    /** A sentence ends at . ! ? followed by white space, or at a line break. */
    private static final Pattern BREAK = Pattern.compile("(?<=[.!?])[\"')\\]]*\\s+|\\s*\\n\\s*");

    static Kind classify(CharSequence sentence) {
        List<String> words = words(sentence);
        boolean rule = false;
        boolean task = false;
        for (int i = 0; i < words.size(); i++) {
            String one = words.get(i);
            String two = i + 1 < words.size() ? one + " " + words.get(i + 1) : null;
            String three = i + 2 < words.size() ? two + " " + words.get(i + 2) : null;
            if (DECISION.contains(one) || (two != null && DECISION.contains(two))) {
                return Kind.DECISION;
            }
            rule |= RULE.contains(one) || (two != null && RULE.contains(two));
            task |= TASK.contains(one) || (two != null && TASK.contains(two))
                    || (three != null && TASK.contains(three));
        }
        return rule ? Kind.RULE : task ? Kind.TASK : Kind.OTHER;
    }

    /** Lower-cased words: letters, digits, apostrophes and inner hyphens. */
    private static List<String> words(CharSequence s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c) || ((c == '\'' || c == '\u2019' || c == '-') && w.length() > 0)) {
                w.append(c == '\u2019' ? '\'' : Character.toLowerCase(c));
            } else if (w.length() > 0) {
                out.add(w.toString());
                w.setLength(0);
            }
        }
        return out;
    }

    /** The non-blank sentences of {@code text}, stripped, in order. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = BREAK.matcher(text);
        int start = 0;
        while (m.find()) {
            add(out, text.substring(start, m.start() + leadingKeep(text, m)));
            start = m.end();
        }
        add(out, text.substring(start));
        return out;
    }

    /** Keeps closing quotes and brackets that follow the full stop with the sentence they close. */
    private static int leadingKeep(String text, Matcher m) {
        int i = m.start();
        while (i < m.end() && !Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i - m.start();
    }

    private static void add(List<String> out, String s) {
        String t = s.strip();
        if (!t.isEmpty()) {
            out.add(t);
        }
    }
}
