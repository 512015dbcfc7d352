package dev.parley.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.session.HistoryPage;
import dev.parley.core.transcript.LineScanner;
import dev.parley.core.transcript.ReverseLineReader;
import dev.parley.core.transcript.SeqLocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code sessions.history} (SPEC §3.1, §11): the last {@code last} entries of the active history before
 * {@code beforeSeq}, read backwards from the end (or from the offset a binary search finds for
 * {@code beforeSeq}); never the whole file. The active history starts at the last reset (that entry included)
 * or right after the header. {@code includeArchived} widens it to the whole transcript. A line that does not
 * parse makes the session corrupt (read-only) and fails the read with its offset.
 */
final class HistoryReader {

    HistoryPage read(OpenSession s, int last, Long beforeSeq, boolean includeArchived) throws IOException {
        if (s.pendingHeader != null) {
            return new HistoryPage(s.keyString, List.of(), false);
        }
        // A session found corrupt while opening has metadata only up to the bad line: read the file as it is
        // (nothing is appended to a corrupt session), so a page never passes off older entries as the newest.
        boolean corrupt = s.corruptOffset >= 0;
        long length = corrupt ? s.channel.size() : s.writer != null ? s.writer.length() : s.meta.flushedLength();
        if (length == 0) {
            return new HistoryPage(s.keyString, List.of(), false);
        }
        long floor = includeArchived ? 0 : s.meta.contextStart();
        long firstSeq = includeArchived || floor == 0 ? 1 : s.meta.contextStartSeq();
        long end = length;
        try {
            if (beforeSeq != null && (corrupt || beforeSeq <= s.meta.lastSeq())) {
                end = SeqLocator.firstLineWithSeqAtLeast(s.channel, floor, length, beforeSeq);
            }
            return collect(s, end, floor, firstSeq, last);
        } catch (SeqLocator.BadLine e) {
            s.markCorrupt(e.offset);
            throw s.corrupt();
        }
    }

    private HistoryPage collect(OpenSession s, long end, long floor, long firstSeq, int last) throws IOException {
        ReverseLineReader r = new ReverseLineReader(s.channel, end, floor);
        List<ObjectNode> out = new ArrayList<>(Math.min(last + 1, 1024));
        while (out.size() <= last) {
            ReverseLineReader.Line l = r.previous();
            if (l == null) {
                break;
            }
            ObjectNode e = parse(s, l);
            if (e.path("seq").asLong() < firstSeq) {
                break;
            }
            out.add(e);
        }
        boolean hasMore = out.size() > last;
        if (hasMore) {
            out.remove(out.size() - 1);
        }
        Collections.reverse(out);
        return new dev.parley.core.session.HistoryPage(s.keyString, out, hasMore);
    }

    private static ObjectNode parse(OpenSession s, ReverseLineReader.Line l) {
        ObjectNode e = LineScanner.readLineBytes(l.bytes());
        if (e == null) {
            s.markCorrupt(l.offset());
            throw s.corrupt();
        }
        return e;
    }
}
