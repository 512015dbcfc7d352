package dev.parley.compaction.auto;

import dev.parley.compaction.auto.Candidate.Section;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an extractive summary: one paragraph per non-empty section, a heading line then one {@code "- "} item
 * per line; the identifiers as one {@code "; "}-separated line; the last user request verbatim. Items keep
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

    static String render(List<Candidate> selected, List<String> identifiers, String lastRequest) {
        Map<Section, List<Candidate>> bySection = new EnumMap<>(Section.class);
        for (Candidate c : selected) {
            bySection.computeIfAbsent(c.section(), s -> new ArrayList<>()).add(c);
        }
        List<String> paragraphs = new ArrayList<>();
        for (Section s : Section.values()) {
            if (s == Section.IDENTIFIERS) {
                if (!identifiers.isEmpty()) {
                    paragraphs.add(s.heading + ":\n" + String.join(ID_SEPARATOR, identifiers));
                }
            } else if (s == Section.LAST_REQUEST) {
                if (lastRequest != null && !lastRequest.isEmpty()) {
                    paragraphs.add(s.heading + ":\n" + lastRequest);
                }
            } else if (bySection.containsKey(s)) {
                List<Candidate> items = new ArrayList<>(bySection.get(s));
                items.sort(Comparator.comparingInt(Candidate::position));
                StringBuilder sb = new StringBuilder(s.heading).append(':');
                for (Candidate c : items) {
                    sb.append("\n- ").append(c.text());
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
