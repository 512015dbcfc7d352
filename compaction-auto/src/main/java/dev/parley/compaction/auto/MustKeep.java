package dev.parley.compaction.auto;

import dev.parley.compaction.spi.Entry;
import dev.parley.compaction.spi.ToolResult;
import dev.parley.compaction.spi.ToolUse;
import dev.parley.compaction.spi.Turn;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a summary of some turns must keep (SPEC §6 quality gate): the last user request, the identifiers in it,
 * the identifiers in sentences stating a decision, a rule or an open task, and those in the newest three
 * summarised turns. Only what people wrote counts (user and assistant text); identifiers in tool inputs and
 * outputs — directory listings, logs — are optional, kept best-effort, like every other identifier.
 *
 * <p>The last request is passed on as a verbatim prefix of at most {@value #LAST_REQUEST_CHARS} characters (cut
 * at a space) of its rendered text, so that a summariser can keep it exactly even when it is long.
 */
final class MustKeep {
    static final int LAST_REQUEST_CHARS = 600;
    private static final int NEWEST_TURNS = 3;

    private final String lastRequest;
    private final List<String> required;
    private final Set<String> optional;

    private MustKeep(String lastRequest, List<String> required, Set<String> optional) {
        this.lastRequest = lastRequest;
        this.required = required;
        this.optional = optional;
    }

    static MustKeep of(List<Turn> summarised) {
        String lastRequest = null;
        Set<String> fromRequest = new LinkedHashSet<>();
        Set<String> newest = new LinkedHashSet<>();
        Set<String> stated = new LinkedHashSet<>();
        Set<String> all = new LinkedHashSet<>();
        for (int t = summarised.size() - 1; t >= 0; t--) {
            boolean isNewest = t >= summarised.size() - NEWEST_TURNS;
            List<Entry> entries = summarised.get(t).entries();
            for (int i = entries.size() - 1; i >= 0; i--) {
                Entry e = entries.get(i);
                if (e.system() || "thinking".equals(e.type())) {
                    continue;
                }
                String text = TranscriptText.fold(e.text());
                boolean person = "message".equals(e.type())
                        && ("user".equals(e.role()) || "assistant".equals(e.role()));
                if (lastRequest == null && person && "user".equals(e.role()) && !text.isEmpty()) {
                    lastRequest = prefix(text);
                    fromRequest.addAll(Identifiers.find(text));
                }
                if (person) {
                    if (isNewest) {
                        newest.addAll(Identifiers.find(text));
                    }
                    for (String s : Sentences.split(text)) {
                        if (Sentences.classify(s) != Sentences.Kind.OTHER) {
                            stated.addAll(Identifiers.find(s));
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
        Set<String> required = new LinkedHashSet<>(fromRequest);
        required.addAll(newest);
        required.addAll(stated);
        all.removeAll(required);
        return new MustKeep(lastRequest, List.copyOf(required), all);
    }

    /** The verbatim prefix of a last request: whole if short, else cut at the last space before the limit. */
    static String prefix(String text) {
        if (text.length() <= LAST_REQUEST_CHARS) {
            return text;
        }
        int cut = text.lastIndexOf(' ', LAST_REQUEST_CHARS);
        return text.substring(0, cut > LAST_REQUEST_CHARS / 2 ? cut : LAST_REQUEST_CHARS).strip();
    }

    /** The last request's prefix (if any) then the required identifiers, most important first. */
    List<String> items() {
        List<String> out = new ArrayList<>();
        if (lastRequest != null) {
            out.add(lastRequest);
        }
        out.addAll(required);
        return out;
    }

    /** {@code "kept R/R required and O/O optional identifiers"} for the compact entry's note. */
    String note(String summary) {
        int keptRequired = 0;
        for (String item : items()) {
            if (summary.contains(item)) {
                keptRequired++;
            }
        }
        int keptOptional = 0;
        for (String id : optional) {
            if (summary.contains(id)) {
                keptOptional++;
            }
        }
        return "kept " + keptRequired + "/" + items().size() + " required and " + keptOptional + "/"
                + optional.size() + " optional identifiers";
    }
}
