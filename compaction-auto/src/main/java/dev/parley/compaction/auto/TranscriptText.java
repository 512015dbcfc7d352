package dev.parley.compaction.auto;

import dev.parley.compaction.spi.Entry;
import dev.parley.compaction.spi.ToolResult;
import dev.parley.compaction.spi.ToolUse;
import dev.parley.compaction.spi.Turn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders turns as summariser input ({@code SummaryRequest#text}): one {@code role: text} paragraph per message,
 * blank lines inside a message folded to single line breaks so that a blank line always separates messages.
 * A {@code tool_use} and the entries answering it form one {@link Unit}, which the input chunker keeps in one
 * chunk whenever it fits. Thinking blocks are left out (reasoning, not conversation); entries flagged
 * {@code system} are left out too, because the compactor carries them verbatim instead of summarising them.
 *
 * <pre>
 * user: deploy api-gateway to db-7.internal
 * assistant: Checking the hosts first.
 * [tool_use toolu_1 bash {"cmd":"ls"}]
 *
 * tool_result toolu_1 (bash): config/app.yaml …
 * </pre>
 */
final class TranscriptText {
    private TranscriptText() {}

    private static final Pattern BLANK_LINES = Pattern.compile("\\s*\\n\\s*\\n\\s*");

    enum Kind { MESSAGE, TOOL_USE, TOOL_RESULT }

    /**
     * One rendered paragraph: {@code header + ": " + body}, then one {@code [tool_use …]} line per call.
     *
     * @param toolUseIds the calls of a TOOL_USE paragraph, or the one call a TOOL_RESULT answers
     */
    record Paragraph(Kind kind, String header, String body, List<String> useLines, List<String> toolUseIds) {
        String text() {
            StringBuilder sb = new StringBuilder(header).append(": ").append(body);
            for (String line : useLines) {
                if (sb.length() > header.length() + 2) {
                    sb.append('\n');
                }
                sb.append(line);
            }
            return sb.toString();
        }
    }

    /** A message, or a tool call with the entries that answer it; never split when it fits one chunk. */
    record Unit(List<Paragraph> paragraphs) {
        String text() {
            StringBuilder sb = new StringBuilder();
            for (Paragraph p : paragraphs) {
                if (sb.length() > 0) {
                    sb.append("\n\n");
                }
                sb.append(p.text());
            }
            return sb.toString();
        }
    }

    /** @param toolInputMaxChars tool inputs longer than this show their head and tail only */
    static List<Unit> units(List<Turn> turns, int toolInputMaxChars) {
        List<Unit> out = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        for (Turn turn : turns) {
            List<Paragraph> group = new ArrayList<>();
            Set<String> open = new HashSet<>();
            for (Entry e : turn.entries()) {
                if (e.system() || "thinking".equals(e.type())) {
                    continue;
                }
                List<Paragraph> ps = paragraphs(e, toolNames, toolInputMaxChars);
                if (ps.isEmpty()) {
                    continue;
                }
                group.addAll(ps);
                if ("message".equals(e.type())) {
                    e.toolUses().forEach(u -> open.add(u.id()));
                }
                e.toolResults().forEach(r -> open.remove(r.toolUseId()));
                if (open.isEmpty()) {
                    out.add(new Unit(List.copyOf(group)));
                    group.clear();
                }
            }
            if (!group.isEmpty()) {
                out.add(new Unit(List.copyOf(group))); // a call never answered: the turn ends the unit
            }
        }
        return out;
    }

    private static List<Paragraph> paragraphs(Entry e, Map<String, String> toolNames, int inputMax) {
        List<Paragraph> out = new ArrayList<>();
        String header = e.role() != null ? e.role() : e.type();
        if ("tool_call".equals(e.type())) {
            header = "tool_call";
        }
        if (!e.delivered()) {
            header += " (not delivered)";
        }
        String body = fold(e.text());
        List<String> useLines = new ArrayList<>();
        List<String> useIds = new ArrayList<>();
        for (ToolUse u : e.toolUses()) {
            toolNames.put(u.id(), u.name());
            int max = Math.max(200, inputMax / e.toolUses().size());
            useLines.add("[tool_use " + u.id() + " " + u.name() + " " + headAndTail(fold(u.input()), max) + "]");
            useIds.add(u.id());
        }
        if (!useLines.isEmpty()) {
            out.add(new Paragraph(Kind.TOOL_USE, header, body, List.copyOf(useLines), List.copyOf(useIds)));
        } else if (!body.isEmpty()) {
            out.add(new Paragraph(Kind.MESSAGE, header, body, List.of(), List.of()));
        }
        for (ToolResult r : e.toolResults()) {
            String name = toolNames.getOrDefault(r.toolUseId(), "tool");
            String h = "tool_result " + r.toolUseId() + " (" + name + (r.isError() ? ", error" : "") + ")";
            out.add(new Paragraph(Kind.TOOL_RESULT, h, fold(r.content()), List.of(), List.of(r.toolUseId())));
        }
        return out;
    }

    /** Blank lines become single line breaks, so one message is one paragraph. */
    static String fold(String text) {
        return BLANK_LINES.matcher(text).replaceAll("\n").strip();
    }

    static String headAndTail(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int head = max * 2 / 3;
        int tail = max - head;
        return s.substring(0, head) + " …[" + (s.length() - head - tail) + " chars omitted]… "
                + s.substring(s.length() - tail);
    }
}
