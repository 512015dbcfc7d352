package dev.parley.compaction.auto;

import dev.parley.compaction.spi.Entry;
import dev.parley.compaction.spi.ToolResult;
import dev.parley.compaction.spi.ToolUse;
import dev.parley.compaction.spi.Turn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders turns as summariser input ({@code SummaryRequest#text}): one {@code role: text} paragraph per message,
 * blank lines inside a message folded to single line breaks so that a blank line always separates messages.
 * A turn is one {@link Unit}, which the input chunker keeps in one chunk whenever it fits; a tool call's
 * results name the call, so a split turn stays readable. Thinking blocks are left out (reasoning, not conversation);
 * entries flagged {@code system} are left out too, because the compactor carries them verbatim instead of summarising
 * them.
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

    /** A turn's paragraphs; never split when it fits one chunk. */
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

    /** One unit per turn with any text; @param toolInputMaxChars longer tool inputs show their head and tail */
    static List<Unit> units(List<Turn> turns, int toolInputMaxChars) {
        List<Unit> out = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        for (Turn turn : turns) {
            List<Paragraph> paragraphs = new ArrayList<>();
            for (Entry e : turn.entries()) {
                if (!e.system() && !"thinking".equals(e.type())) {
                    paragraphs.addAll(paragraphs(e, toolNames, toolInputMaxChars));
                }
            }
            if (!paragraphs.isEmpty()) {
                out.add(new Unit(List.copyOf(paragraphs)));
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
