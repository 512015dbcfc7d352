package dev.parley.core.transcript;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Finds the offset of the line with a given seq by binary search over byte offsets: {@code seq} is dense and
 * grows with the offset, so O(log n) line reads locate any page (SPEC §3.1 bounded reads, {@code beforeSeq}).
 */
public final class SeqLocator {
    private static final int CHUNK = 8 * 1024;

    private SeqLocator() {}

    /** Thrown when a probed line does not parse; carries its offset. */
    public static final class BadLine extends IOException {
        public final long offset;

        BadLine(long offset) {
            super("unparsable line at offset " + offset);
            this.offset = offset;
        }
    }

    /**
     * Returns the start of the first line in [lo, hi) whose seq is ≥ {@code seq}, or {@code hi} when none.
     * {@code lo} and {@code hi} must be line boundaries.
     */
    public static long firstLineWithSeqAtLeast(FileChannel ch, long lo, long hi, long seq) throws IOException {
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            long start = lineStartContaining(ch, mid, lo);
            long[] seqAndEnd = readSeq(ch, start);
            if (seqAndEnd[0] < seq) {
                lo = seqAndEnd[1];
            } else {
                hi = start;
            }
        }
        return lo;
    }

    private static long lineStartContaining(FileChannel ch, long pos, long floor) throws IOException {
        long p = pos;
        byte[] b = new byte[CHUNK];
        while (p > floor) {
            int n = (int) Math.min(CHUNK, p - floor);
            ByteBuffer bb = ByteBuffer.wrap(b, 0, n);
            long from = p - n;
            while (bb.hasRemaining()) {
                if (ch.read(bb, from + bb.position()) < 0) {
                    throw new IOException("unexpected end of transcript");
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                if (b[i] == '\n') {
                    return from + i + 1;
                }
            }
            p = from;
        }
        return floor;
    }

    /** Reads the line at {@code start}: returns {seq, offset after its newline}. */
    static long[] readSeq(FileChannel ch, long start) throws IOException {
        LineScanner.LineCursor cursor = new LineScanner.LineCursor(ch, start, ch.size());
        LineScanner.LineCursor.Line line = cursor.next();
        if (line == null || !line.terminated()) {
            throw new BadLine(start);
        }
        ObjectNode node = LineScanner.parse(line.bytes());
        if (node == null || !node.path("seq").canConvertToLong()) {
            throw new BadLine(start);
        }
        return new long[] {node.get("seq").asLong(), start + line.bytes().length + 1};
    }
}
