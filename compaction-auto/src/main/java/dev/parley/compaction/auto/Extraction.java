package dev.parley.compaction.auto;

import dev.parley.compaction.auto.Candidate.Section;
import dev.parley.compaction.spi.SummaryRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The extractive summariser's reading of a request: the last user request, and every other sentence of the
 * conversation and of the previous summary as a scored, compressed, de-duplicated {@link Candidate}.
 *
 * <p>Scores: base 1; a decision +10, a rule +9, an open task +6; +2 per identifier (up to 3); +5 per
 * instruction term matched (up to 3); tool inputs and outputs count 0.5× (the assistant usually restates what
 * matters); then up to +2 for recency, and +1 for what the previous summary already kept. Must-keep items are
 * not scored here: the summariser covers each with its best sentence first. Identical sentences (ignoring case, spacing
 * and end punctuation) keep the earliest position and the best score, so a summary's order stays stable as it is folded
 * again and again.
 */
final class Extraction {
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t]*\\n\\s*");
    private static final Pattern HEADER = Pattern.compile(
            "^(user|assistant|system|developer|tool|tool_call|tool_result)\\b([^:\\n]{0,160}):[ \\t]*");
    private static final Pattern FILLER = Pattern.compile("^(?:(?:ok(?:ay)?|so|well|sure|great|thanks|thank you|"
            + "yes|yeah|yep|right|alright|hmm+|basically|actually|honestly|got it)\\b[,!.]?\\s*)+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_.-]{3,}");
    private static final Set<String> STOP = Set.of("the", "and", "for", "with", "about", "focus", "keep", "summary",
            "summarise", "summarize", "please", "compact", "that", "this", "from", "into", "more", "only", "what");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern KEY_NOISE = Pattern.compile("[\\s.!?;:,]+");
    private static final int MAX_SENTENCE_CHARS = 400;

    final String lastRequest;
    final List<Candidate> candidates;
    final List<String> previousIds;

    private Extraction(String lastRequest, List<Candidate> candidates, List<String> previousIds) {
        this.lastRequest = lastRequest;
        this.candidates = candidates;
        this.previousIds = previousIds;
    }

    static Extraction of(SummaryRequest request) {
        Scorer scorer = new Scorer(terms(request.instructions()));
        Map<String, Candidate> byKey = new LinkedHashMap<>();
        String previousRequest = null;
        List<String> previousIds = List.of();
        if (request.previousSummary() != null && !request.previousSummary().isBlank()) {
            PreviousSummaryParser.Parsed prev = PreviousSummaryParser.parse(request.previousSummary());
            int pos = -prev.items().size() - 1;
            for (PreviousSummaryParser.Item item : prev.items()) {
                add(byKey, scorer.score(compress(item.text()), item.section(), pos++, 1.0, 1.0));
            }
            previousRequest = prev.lastRequest();
            previousIds = prev.identifiers();
        }
        String[] paragraphs = PARAGRAPH_BREAK.split(request.text().strip());
        int lastUser = -1;
        for (int i = paragraphs.length - 1; i >= 0 && lastUser < 0; i--) {
            Matcher h = HEADER.matcher(paragraphs[i]);
            if (h.find() && h.group(1).equals("user") && h.group(2).isBlank() && h.end() < paragraphs[i].length()) {
                lastUser = i;
            }
        }
        String lastRequest = lastUser >= 0 ? HEADER.matcher(paragraphs[lastUser]).replaceFirst("").strip() : null;
        if (lastRequest == null && previousRequest != null) {
            lastRequest = previousRequest;
        } else if (previousRequest != null) {
            add(byKey, scorer.score("Earlier request: " + compress(previousRequest), Section.CONTEXT, -1, 1.0, 4.0));
        }
        List<String[]> sentences = new ArrayList<>(); // {text, weight}
        for (int i = 0; i < paragraphs.length; i++) {
            if (i != lastUser) {
                collect(paragraphs[i], sentences);
            }
        }
        for (int i = 0; i < sentences.size(); i++) {
            String s = compress(sentences.get(i)[0]);
            if (!s.isEmpty()) {
                double recency = 2.0 * (i + 1) / sentences.size();
                Section section = Section.of(Sentences.classify(s));
                add(byKey, scorer.score(s, section, i, Double.parseDouble(sentences.get(i)[1]), recency));
            }
        }
        return new Extraction(lastRequest, List.copyOf(byKey.values()), previousIds);
    }

    private static void collect(String paragraph, List<String[]> out) {
        Matcher h = HEADER.matcher(paragraph);
        boolean headed = h.find();
        String role = headed ? h.group(1) : "";
        String body = headed ? paragraph.substring(h.end()) : paragraph;
        boolean tool = role.startsWith("tool");
        for (String line : body.split("\\n")) {
            if (line.startsWith("[tool_use ") && line.endsWith("]")) { // "[tool_use <id> <name> <input>]"
                String call = line.substring(10, line.length() - 1).strip();
                call = call.substring(call.indexOf(' ') + 1); // the id only pairs blocks: not worth keeping
                out.add(new String[] {"Called " + TranscriptText.headAndTail(call, 200), "0.3"});
                continue;
            }
            for (String s : Sentences.split(line)) {
                out.add(new String[] {s, tool ? "0.5" : "1"});
            }
        }
    }

    private static void add(Map<String, Candidate> byKey, Candidate c) {
        if (c == null) {
            return;
        }
        String key = KEY_NOISE.matcher(c.text().toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        Candidate old = byKey.get(key);
        if (old == null) {
            byKey.put(key, c);
        } else if (c.score() > old.score()) {
            byKey.put(key, new Candidate(old.text(), old.section(), old.position(), c.score(), old.tokens(),
                    old.ids()));
        }
    }

    /** Drops leading filler, folds white space, and shortens very long sentences to their informative clauses. */
    static String compress(String sentence) {
        String s = FILLER.matcher(SPACES.matcher(sentence).replaceAll(" ").strip()).replaceFirst("");
        if (s.length() <= MAX_SENTENCE_CHARS) {
            return s;
        }
        StringBuilder kept = new StringBuilder();
        String[] clauses = s.split("(?<=[,;])\\s+|\\s+[—–]\\s+");
        for (int i = 0; i < clauses.length; i++) {
            String c = clauses[i];
            if (i == 0 || !Identifiers.find(c).isEmpty() || Sentences.classify(c) != Sentences.Kind.OTHER) {
                kept.append(kept.length() > 0 ? " … " : "").append(c);
            }
        }
        String k = kept.toString();
        if (k.length() <= MAX_SENTENCE_CHARS) {
            return k;
        }
        int cut = k.lastIndexOf(' ', MAX_SENTENCE_CHARS);
        return k.substring(0, cut > MAX_SENTENCE_CHARS / 2 ? cut : MAX_SENTENCE_CHARS) + " …";
    }

    static Set<String> terms(String instructions) {
        Set<String> out = new LinkedHashSet<>();
        if (instructions == null) {
            return out;
        }
        Matcher m = WORD.matcher(instructions.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (!STOP.contains(m.group())) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** Scores sentences by kind, identifiers and the instructions' terms. */
    private static final class Scorer {
        private final Set<String> terms;

        Scorer(Set<String> terms) {
            this.terms = terms;
        }

        Candidate score(String text, Section section, int position, double weight, double bonus) {
            if (text.isEmpty()) {
                return null;
            }
            Set<String> ids = Identifiers.find(text);
            double score = 1 + switch (section) {
                case DECISIONS -> 10;
                case RULES -> 9;
                case OPEN_TASKS -> 6;
                default -> 0;
            };
            score += 2 * Math.min(3, ids.size());
            if (!terms.isEmpty()) {
                String lower = text.toLowerCase(Locale.ROOT);
                int hits = 0;
                for (String t : terms) {
                    hits += lower.contains(t) ? 1 : 0;
                }
                score += 5 * Math.min(3, hits);
            }
            return new Candidate(text, section, position, score * weight + bonus, Tokens.estimate(text) + 1, ids);
        }
    }
}
