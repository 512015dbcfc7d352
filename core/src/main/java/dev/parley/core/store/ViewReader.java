package dev.parley.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.transcript.LineScanner;
import dev.parley.core.transcript.ReverseLineReader;
import dev.parley.core.transcript.SeqLocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the model's view of an open session (lane only): from the last compaction's {@code firstKeptSeq}
 * (found by binary search) or the start of the active history, forward to the end. Bounded by the view, not by
 * the transcript: what compaction removed is never read again.
 */
final class ViewReader {

    ViewSnapshot read(OpenSession s) throws IOException {
        List<ObjectNode> entries = new ArrayList<>();
        ObjectNode compact = scan(s, entries::add);
        return new ViewSnapshot(s.keyString, s.key.agentId(), s.key.channel(), s.key.type(), s.meta.model(),
                s.pendingHeader != null ? 0 : s.meta.lastSeq(), compact, entries);
    }

    /** Where a view starts: the compaction in force (or null), the offset to read from and the first seq shown. */
    private record Start(ObjectNode compact, long offset, long firstSeq) {}

    private Start start(OpenSession s) throws IOException {
        long contextStart = s.meta.contextStart();
        ObjectNode compact = null;
        long start = contextStart;
        long startSeq = contextStart == 0 ? 1 : s.meta.contextStartSeq();
        long compactOffset = s.meta.lastCompactOffset();
        try {
            if (compactOffset >= contextStart && compactOffset >= 0) {
                compact = LineScanner.readLine(s.channel, compactOffset);
                if (compact == null || !"compact".equals(compact.path("type").asText())) {
                    s.markCorrupt(compactOffset);
                    throw s.corrupt();
                }
                long keep = compact.path("firstKeptSeq").asLong(startSeq);
                start = SeqLocator.firstLineWithSeqAtLeast(s.channel, contextStart, compactOffset, keep);
                startSeq = Math.max(startSeq, keep);
            }
        } catch (SeqLocator.BadLine e) {
            s.markCorrupt(e.offset);
            throw s.corrupt();
        }
        return new Start(compact, start, startSeq);
    }

    /**
     * Hands every entry of the view to {@code each} as it is read (memory bounded by one line, whatever the view's
     * length); returns the compaction in force, or null.
     */
    ObjectNode scan(OpenSession s, java.util.function.Consumer<ObjectNode> each) throws IOException {
        if (s.pendingHeader != null) {
            return null;
        }
        Start st = start(s);
        LineScanner.Result r = LineScanner.scan(s.channel, st.offset(), -1, false, (e, off, to) -> {
            if (e.path("seq").asLong() >= st.firstSeq()) {
                each.accept(e);
            }
        });
        if (r.corruptOffset() >= 0) {
            s.markCorrupt(r.corruptOffset());
            throw s.corrupt();
        }
        return st.compact();
    }

    /**
     * Hands the compaction in force (or null) to {@code header}, then the view's entries to {@code each} newest first,
     * reading the file backwards, until {@code each} answers false or the view's start is reached. Only what is
     * handed over is read (the model's view of an over-budget session needs its newest turns only).
     */
    void scanBackwards(OpenSession s, java.util.function.Consumer<ObjectNode> header,
                       java.util.function.Predicate<ObjectNode> each) throws IOException {
        if (s.pendingHeader != null) {
            header.accept(null);
            return;
        }
        Start st = start(s);
        header.accept(st.compact());
        long end = s.corruptOffset >= 0 ? s.channel.size() : s.writer != null ? s.writer.length()
                : s.meta.flushedLength();
        ReverseLineReader r = new ReverseLineReader(s.channel, end, st.offset());
        for (ReverseLineReader.Line l = r.previous(); l != null; l = r.previous()) {
            ObjectNode e = LineScanner.readLineBytes(l.bytes());
            if (e == null) {
                s.markCorrupt(l.offset());
                throw s.corrupt();
            }
            if (e.path("seq").asLong() < st.firstSeq() || !each.test(e)) {
                break;
            }
        }
    }
}
