package dev.parley.compaction.auto;

import dev.parley.compaction.auto.Candidate.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a previous summary back into items so the next one can fold it in. Understands {@link SummaryLayout}'s
 * format and, loosely, any sectioned text (Markdown headings, bullets) such as a model-written summary; text
 * outside known sections becomes sentences classified like the conversation's.
 */
final class PreviousSummaryParser {
    private PreviousSummaryParser() {}

    record Item(Section section, String text) {}

    /**
     * @param lastRequest the previous summary's last user request, or null
     */
    record Parsed(List<Item> items, List<String> identifiers, String lastRequest) {}

    private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*•]|\\d{1,3}[.)])\\s+");
    private static final Pattern HEADING_MARKUP = Pattern.compile("^#+\\s*|\\*\\*|__");

    static Parsed parse(String summary) {
        List<Item> items = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        StringBuilder lastRequest = null;
        Section section = null;
        for (String raw : summary.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            Section heading = heading(line);
            if (heading != null) {
                section = heading;
                if (section == Section.LAST_REQUEST) {
                    lastRequest = new StringBuilder();
                }
                continue;
            }
            if (section == Section.LAST_REQUEST) {
                lastRequest.append(lastRequest.length() > 0 ? "\n" : "").append(raw.stripTrailing());
            } else if (section == Section.IDENTIFIERS) {
                for (String id : BULLET.matcher(line).replaceFirst("").split(SummaryLayout.ID_SEPARATOR)) {
                    if (!id.isBlank()) {
                        ids.add(id.strip());
                    }
                }
            } else {
                for (String s : Sentences.split(BULLET.matcher(line).replaceFirst(""))) {
                    Section kind = Section.of(Sentences.classify(s));
                    items.add(new Item(section == null || section == Section.CONTEXT ? kind : section, s));
                }
            }
        }
        String last = lastRequest == null || lastRequest.toString().isBlank() ? null : lastRequest.toString().strip();
        return new Parsed(items, ids, last);
    }

    /** The section a heading line opens ("Decisions:", "## Open tasks", "**Rules**"), or null. */
    static Section heading(String line) {
        String h = HEADING_MARKUP.matcher(line).replaceAll("").strip();
        boolean marked = line.startsWith("#") || line.endsWith(":") || line.endsWith(":**")
                || (line.startsWith("**") && line.endsWith("**"));
        if (!marked || h.length() > 40 || h.split("\\s+").length > 4) {
            return null;
        }
        h = h.endsWith(":") ? h.substring(0, h.length() - 1) : h;
        String k = h.toLowerCase(Locale.ROOT);
        if (k.contains("decision")) {
            return Section.DECISIONS;
        } else if (k.contains("rule") || k.contains("constraint")) {
            return Section.RULES;
        } else if (k.contains("task") || k.contains("todo")) {
            return Section.OPEN_TASKS;
        } else if (k.contains("request")) {
            return Section.LAST_REQUEST;
        } else if (k.contains("identifier")) {
            return Section.IDENTIFIERS;
        } else if (k.contains("context") || k.contains("summary") || line.startsWith("#")) {
            return Section.CONTEXT;
        }
        return null;
    }
}
