package dev.parley.compaction.auto;

import dev.parley.compaction.auto.Candidate.Section;
import dev.parley.compaction.spi.CompactionException;
import dev.parley.compaction.spi.SummaryRequest;
import dev.parley.compaction.spi.Summarizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code extractive} summariser: offline, deterministic, stateless (so thread-safe).
 *
 * <p>Budget ({@link #budget}), in order of what is given up last: the last user request (verbatim, at most a third of
 * the budget); every must-keep item (its best sentence first, else in the identifier list); then sentences by priority
 * ({@link Candidate#priority()}) within nine tenths of the budget; then, in the last tenth and whatever is left,
 * identifiers of sentences that did not fit — the previous summary's first, so the list's head stays stable. If the
 * result is still over (estimates are additive approximations) the least informative material goes first: optional
 * identifiers, then sentences, then must-keep identifiers from the end of the list, then the last request is shortened.
 * The size estimate is {@link Tokens} (≈ chars/4, CJK characters whole).
 */
final class ExtractiveSummarizer implements Summarizer {
    private static final int MIN_NEW_TOKENS = 96;

    @Override
    public CompletionStage<String> summarize(SummaryRequest request) {
        try {
            return CompletableFuture.completedFuture(summarise(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new CompactionException("extractive summariser failed: " + e, e));
        }
    }

    String summarise(SummaryRequest request) {
        int budget = budget(request);
        Set<String> mustIds = new LinkedHashSet<>();
        List<String> mustPhrases = new ArrayList<>();
        for (String item : new LinkedHashSet<>(request.mustKeep())) {
            String s = item.strip();
            if (!s.isEmpty()) {
                if (s.chars().anyMatch(Character::isWhitespace)) {
                    mustPhrases.add(s);
                } else {
                    mustIds.add(s);
                }
            }
        }
        Extraction x = Extraction.of(request);
        int lastCap = Math.max(1, budget / 3);
        for (String p : mustPhrases) { // the caller's verbatim prefix of the last request must survive whole
            if (x.lastRequest != null && x.lastRequest.startsWith(p)) {
                lastCap = Math.min(budget, Math.max(lastCap, Tokens.estimate(p + " …")));
            }
        }
        String last = x.lastRequest == null ? null : fit(x.lastRequest, lastCap);
        mustPhrases.removeIf(p -> last != null && last.contains(p));
        mustIds.removeIf(id -> last != null && last.contains(id));

        List<Candidate> selected = new ArrayList<>();
        for (int i = 0; i < mustPhrases.size(); i++) { // phrases not in the last request: kept as context, verbatim
            String p = mustPhrases.get(i);
            selected.add(new Candidate(p, Section.CONTEXT, Integer.MAX_VALUE / 2 + i, Double.MAX_VALUE,
                    Tokens.estimate(p) + 1, Identifiers.find(p)));
        }
        Set<Section> sections = EnumSet.noneOf(Section.class);
        int used = fixedCost(last) + selected.stream().mapToInt(Candidate::tokens).sum();
        if (!selected.isEmpty()) {
            used += SummaryLayout.headingTokens(Section.CONTEXT);
            sections.add(Section.CONTEXT);
        }
        Set<String> uncovered = new LinkedHashSet<>(mustIds);
        int listCost = listCost(uncovered);
        List<Candidate> ranked = new ArrayList<>(x.candidates);
        ranked.sort(Comparator.comparingDouble(Candidate::priority).reversed()
                .thenComparingInt(Candidate::position));
        int sentenceBudget = budget - budget / 10;
        List<Candidate> coverFirst = new ArrayList<>(); // each must-keep identifier's best sentence goes first
        Map<String, Candidate> bestFor = new HashMap<>();
        for (Candidate c : ranked) {
            for (String id : c.ids()) {
                if (mustIds.contains(id)) {
                    bestFor.putIfAbsent(id, c);
                }
            }
        }
        for (String id : mustIds) {
            Candidate c = bestFor.get(id);
            if (c != null && !coverFirst.contains(c)) {
                coverFirst.add(c);
            }
        }
        List<Candidate> order = new ArrayList<>(coverFirst);
        Set<Candidate> first = new HashSet<>(coverFirst);
        ranked.stream().filter(c -> !first.contains(c)).forEach(order::add);
        List<Candidate> dropped = new ArrayList<>();
        for (Candidate c : order) {
            int heading = sections.contains(c.section()) ? 0 : SummaryLayout.headingTokens(c.section());
            Set<String> covers = new LinkedHashSet<>(c.ids());
            covers.retainAll(uncovered);
            int newListCost = listCost - listCost(covers);
            if (used + c.tokens() + heading + newListCost <= sentenceBudget) {
                selected.add(c);
                sections.add(c.section());
                used += c.tokens() + heading;
                uncovered.removeAll(covers);
                listCost = newListCost;
            } else {
                dropped.add(c);
            }
        }
        List<String> optional = new ArrayList<>();
        int room = budget - used - listCost - SummaryLayout.headingTokens(Section.IDENTIFIERS);
        Set<String> pool = new LinkedHashSet<>(x.previousIds);
        Set<String> fresh = new LinkedHashSet<>();
        dropped.forEach(c -> fresh.addAll(c.ids()));
        List<String> bySpecificity = new ArrayList<>(fresh);
        bySpecificity.sort(Comparator.comparingInt(ExtractiveSummarizer::specificity).reversed());
        pool.addAll(bySpecificity);
        String keptText = keptText(selected, last);
        for (String id : pool) {
            int cost = Tokens.estimate(id + SummaryLayout.ID_SEPARATOR);
            if (cost <= room && !uncovered.contains(id) && !keptText.contains(id)) {
                optional.add(id);
                room -= cost;
            }
        }
        return fitAll(selected, optional, new ArrayList<>(mustIds), last, budget);
    }

    /**
     * {@code maxTokens}, but never more than the previous summary plus two thirds of the new text (at least
     * {@value #MIN_NEW_TOKENS} tokens): a summary about as long as what it replaces saves nothing.
     */
    static int budget(SummaryRequest request) {
        int previous = request.previousSummary() == null ? 0 : Tokens.estimate(request.previousSummary());
        int fresh = Math.max(MIN_NEW_TOKENS, Tokens.estimate(request.text()) * 2 / 3);
        return (int) Math.min(request.maxTokens(), (long) previous + fresh);
    }

    /**
     * How much an identifier says on its own in a bare list: structured ones (URLs, paths, hosts, ids mixing
     * letters and digits) most, a lone name less, a short bare number least.
     */
    static int specificity(String id) {
        boolean digit = id.chars().anyMatch(Character::isDigit);
        boolean letter = id.chars().anyMatch(Character::isLetter);
        boolean punct = id.chars().anyMatch(c -> "/.@:_-$%#,".indexOf(c) >= 0);
        if ((digit && letter) || (letter && punct) || id.length() >= 8) {
            return 3;
        }
        if (letter) {
            return 2;
        }
        return id.length() >= 4 || punct ? 1 : 0;
    }

    /** Renders, then gives up the least informative material until the estimate is within the budget. */
    private static String fitAll(List<Candidate> selected, List<String> optional, List<String> mustIds,
                                 String last, int budget) {
        selected.sort(Comparator.comparingDouble(Candidate::priority).reversed()
                .thenComparingInt(Candidate::position));
        while (true) {
            String text = render(selected, optional, mustIds, last);
            int over = Tokens.estimate(text) - budget;
            if (over <= 0) {
                return text;
            }
            if (!optional.isEmpty()) {
                drop(optional, over);
            } else if (!selected.isEmpty()) {
                int freed = 0;
                while (freed < over && !selected.isEmpty()) {
                    freed += selected.remove(selected.size() - 1).tokens();
                }
            } else if (!mustIds.isEmpty()) {
                drop(mustIds, over);
            } else if (last != null && last.length() > 1) {
                last = fit(last, Math.max(1, Tokens.estimate(last) - over));
            } else {
                return text.substring(0, Math.min(text.length(), Math.max(1, budget * 4 - 4)));
            }
        }
    }

    private static void drop(List<String> ids, int over) {
        int freed = 0;
        while (freed < over && !ids.isEmpty()) {
            freed += Tokens.estimate(ids.remove(ids.size() - 1) + SummaryLayout.ID_SEPARATOR);
        }
    }

    private static String render(List<Candidate> selected, List<String> optional, List<String> mustIds, String last) {
        String kept = keptText(selected, last);
        List<String> ids = new ArrayList<>();
        for (String id : mustIds) {
            if (!kept.contains(id)) {
                ids.add(id);
            }
        }
        ids.addAll(optional);
        String text = SummaryLayout.render(selected, ids, last);
        return text.isEmpty() ? "(nothing to summarise)" : text;
    }

    private static String keptText(List<Candidate> selected, String last) {
        StringBuilder sb = new StringBuilder(last == null ? "" : last);
        selected.forEach(c -> sb.append('\n').append(c.text()));
        return sb.toString();
    }

    private static int fixedCost(String last) {
        return last == null ? 0 : SummaryLayout.headingTokens(Section.LAST_REQUEST) + Tokens.estimate(last);
    }

    private static int listCost(Set<String> ids) {
        int sum = 0;
        for (String id : ids) {
            sum += Tokens.estimate(id + SummaryLayout.ID_SEPARATOR);
        }
        return sum;
    }

    /** The longest prefix of {@code text} within {@code tokens}, cut at a space and marked with an ellipsis. */
    static String fit(String text, int tokens) {
        if (Tokens.estimate(text) <= tokens) {
            return text;
        }
        int lo = 0;
        int hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (Tokens.estimate(text.substring(0, mid) + " …") <= tokens) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int cut = text.lastIndexOf(' ', lo);
        int end = cut > lo / 2 ? cut : lo;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end).stripTrailing() + " …";
    }
}
