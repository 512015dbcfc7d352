package dev.parley.compaction.auto;

import dev.parley.compaction.auto.Candidate.Section;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an extractive summary: per non-empty section a heading line then one {@code "- "} item per line, a
 * blank line after every {@value #ITEMS_PER_PARAGRAPH} items; the identifiers as {@code "; "}-separated lines;
 * the last user request verbatim. Items keep
 * their order of appearance, so what carried over from the previous summary comes first and the summary's
 * head stays stable between compactions. {@link PreviousSummaryParser} reads this format back.
 *
 * <pre>
 * Decisions:
 * - We decided to roll back api-gateway.
 *
 * Identifiers:
 * JIRA-4821; db-7.internal
 *
 * Last user request:
 * Please summarise https://example.com/runbook
 * </pre>
 */
final class SummaryLayout {
    private SummaryLayout() {}

    static final String ID_SEPARATOR = "; ";
    /** Long sections are cut into paragraphs of this many items, so output chunks can be finer than a section. */
    static final int ITEMS_PER_PARAGRAPH = 8;
    static final int IDS_PER_PARAGRAPH = 24;

    static String render(List<Candidate> selected, List<String> identifiers, String lastRequest) {
        Map<Section, List<Candidate>> bySection = new EnumMap<>(Section.class);
        for (Candidate c : selected) {
            bySection.computeIfAbsent(c.section(), s -> new ArrayList<>()).add(c);
        }
        List<String> paragraphs = new ArrayList<>();
        for (Section s : Section.values()) {
            if (s == Section.IDENTIFIERS) {
                for (int i = 0; i < identifiers.size(); i += IDS_PER_PARAGRAPH) {
                    List<String> group = identifiers.subList(i, Math.min(identifiers.size(), i + IDS_PER_PARAGRAPH));
                    paragraphs.add((i == 0 ? s.heading + ":\n" : "") + String.join(ID_SEPARATOR, group));
                }
            } else if (s == Section.LAST_REQUEST) {
                if (lastRequest != null && !lastRequest.isEmpty()) {
                    paragraphs.add(s.heading + ":\n" + lastRequest);
                }
            } else if (bySection.containsKey(s)) {
                List<Candidate> items = new ArrayList<>(bySection.get(s));
                items.sort(Comparator.comparingInt(Candidate::position));
                StringBuilder sb = new StringBuilder(s.heading).append(':');
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0 && i % ITEMS_PER_PARAGRAPH == 0) {
                        paragraphs.add(sb.toString());
                        sb.setLength(0);
                    }
                    sb.append(sb.length() > 0 ? "\n" : "").append("- ").append(items.get(i).text());
                }
                paragraphs.add(sb.toString());
            }
        }
        return String.join("\n\n", paragraphs);
    }

    /** Heading and separators of a section, for budgeting. */
    static int headingTokens(Section s) {
        return Tokens.estimate(s.heading + ":\n\n\n");
    }
}
