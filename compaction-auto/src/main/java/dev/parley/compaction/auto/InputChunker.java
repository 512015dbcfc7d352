package dev.parley.compaction.auto;

import dev.parley.compaction.auto.TranscriptText.Kind;
import dev.parley.compaction.auto.TranscriptText.Paragraph;
import dev.parley.compaction.auto.TranscriptText.Unit;
import dev.parley.compaction.spi.TokenEstimator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Input side of adaptive chunking (SPEC §6): packs rendered units into chunks of at most {@code chunkTokens}
 * (by the session's estimator), in order, so each summariser call gets a bounded input.
 *
 * <p>Whole units are never split when they fit one chunk, so a tool call and its results normally share a
 * chunk. A unit larger than a chunk is split into paragraphs, a paragraph larger than a chunk into pieces at
 * line, sentence or word boundaries (a hard cut only inside a single over-long word), each continuation piece
 * labelled {@code "<header> (continued):"}. A call's paragraph is then bound to the first piece of each of its
 * results, so within a chunk's text a {@code tool_use} is never separated from its result; later pieces of a
 * huge result carry the call's id and tool name in their header.
 */
final class InputChunker {
    private final int chunkTokens;
    private final TokenEstimator estimator;

    InputChunker(int chunkTokens, TokenEstimator estimator) {
        this.chunkTokens = chunkTokens;
        this.estimator = estimator;
    }

    /** The chunks' texts, in order; empty when there are no units. */
    List<String> chunks(List<Unit> units) {
        List<String> atoms = new ArrayList<>();
        for (Unit u : units) {
            String text = u.text();
            if (estimator.estimate(text) <= chunkTokens) {
                atoms.add(text);
            } else {
                atoms.addAll(split(u));
            }
        }
        return pack(atoms);
    }

    private List<String> pack(List<String> atoms) {
        List<String> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int tokens = 0;
        for (String atom : atoms) {
            int t = estimator.estimate(atom) + 1; // + the blank line between atoms
            if (!current.isEmpty() && tokens + t > chunkTokens) {
                flush(current, chunks);
                tokens = 0;
            }
            current.add(atom);
            tokens += t;
        }
        flush(current, chunks);
        return chunks;
    }

    /**
     * Emits {@code current} as one chunk. The running sum only approximates the estimate of the joined text
     * (estimators round per call), so the joined text is measured and trailing atoms moved on while it is over.
     */
    private void flush(List<String> current, List<String> chunks) {
        while (!current.isEmpty()) {
            int n = current.size();
            String text = String.join("\n\n", current);
            while (n > 1 && estimator.estimate(text) > chunkTokens) {
                n--;
                text = String.join("\n\n", current.subList(0, n));
            }
            chunks.add(text);
            current.subList(0, n).clear();
        }
    }

    /** Splits an over-large unit into atoms no larger than a chunk, binding each call to its results' heads. */
    private List<String> split(Unit unit) {
        List<StringBuilder> atoms = new ArrayList<>();
        Map<String, Integer> atomOfCall = new HashMap<>();
        Map<String, Integer> headLimit = new HashMap<>();
        for (Paragraph p : unit.paragraphs()) {
            if (p.kind() == Kind.TOOL_RESULT && atomOfCall.containsKey(p.toolUseIds().get(0))) {
                String id = p.toolUseIds().get(0);
                List<String> pieces = pieces(p.header(), p.body(), headLimit.get(id), chunkTokens);
                atoms.get(atomOfCall.get(id)).append("\n\n").append(pieces.get(0));
                pieces.subList(1, pieces.size()).forEach(s -> atoms.add(new StringBuilder(s)));
            } else if (p.kind() == Kind.TOOL_USE) {
                if (!p.body().isEmpty()) {
                    addPieces(atoms, p, chunkTokens);
                }
                String calls = p.header() + ": " + String.join("\n", p.useLines());
                atoms.add(new StringBuilder(calls));
                int results = countResults(unit, p);
                int room = Math.max(1, (chunkTokens - estimator.estimate(calls) - 2) / Math.max(1, results));
                for (String id : p.toolUseIds()) {
                    atomOfCall.put(id, atoms.size() - 1);
                    headLimit.put(id, room);
                }
            } else {
                addPieces(atoms, p, chunkTokens);
            }
        }
        return atoms.stream().map(StringBuilder::toString).toList();
    }

    private void addPieces(List<StringBuilder> atoms, Paragraph p, int limit) {
        pieces(p.header(), p.body(), limit, limit).forEach(s -> atoms.add(new StringBuilder(s)));
    }

    private static int countResults(Unit unit, Paragraph call) {
        int n = 0;
        for (Paragraph q : unit.paragraphs()) {
            if (q.kind() == Kind.TOOL_RESULT && call.toolUseIds().contains(q.toolUseIds().get(0))) {
                n++;
            }
        }
        return n;
    }

    /**
     * {@code header: body} as pieces: the first at most {@code firstLimit} tokens, the others at most
     * {@code restLimit}, each continuation labelled. Always at least one piece.
     */
    List<String> pieces(String header, String body, int firstLimit, int restLimit) {
        List<String> out = new ArrayList<>();
        String first = header + ": ";
        String cont = header + " (continued): ";
        int start = 0;
        do {
            String label = out.isEmpty() ? first : cont;
            int limit = Math.max(1, (out.isEmpty() ? firstLimit : restLimit) - estimator.estimate(label));
            int end = cut(body, start, limit);
            out.add(label + body.substring(start, end).strip());
            start = skipSpace(body, end);
        } while (start < body.length());
        return out;
    }

    /**
     * The end of the longest piece from {@code start} within {@code limit} tokens, moved back to the last line
     * break, else sentence end, else space in its second half; a hard cut only inside one over-long word.
     */
    private int cut(String body, int start, int limit) {
        int len = body.length();
        int lo = start + 1;
        int hi = Math.min(len, start + (int) Math.min(Integer.MAX_VALUE - 1L, (long) limit * 8));
        while (hi < len && estimator.estimate(body.substring(start, hi)) <= limit) {
            hi = (int) Math.min(len, start + 2L * (hi - start));
        }
        while (lo < hi) { // largest end in [start+1, hi] whose piece fits (or start+1)
            int mid = (lo + hi + 1) >>> 1;
            if (estimator.estimate(body.substring(start, mid)) <= limit) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int max = lo;
        if (max == len) {
            return len;
        }
        int half = start + (max - start) / 2;
        int nl = body.lastIndexOf('\n', max - 1);
        if (nl >= half) {
            return nl + 1;
        }
        for (int i = max - 1; i >= half; i--) {
            char c = body.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && i + 1 < len && Character.isWhitespace(body.charAt(i + 1))) {
                return i + 1;
            }
        }
        int sp = body.lastIndexOf(' ', max - 1);
        if (sp >= half) {
            return sp + 1;
        }
        return Character.isLowSurrogate(body.charAt(max)) && max - 1 > start ? max - 1 : max;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
