package dev.parley.core.transcript;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Reads complete lines backwards from a line boundary {@code end} down to a line boundary {@code floor}, in
 * chunks, so "last N" never reads more of a transcript than the N lines it returns (SPEC §3.1 bounded reads).
 */
public final class ReverseLineReader {
    private static final int CHUNK = 64 * 1024;

    /** A line without its newline, and the offset where it starts. */
    public record Line(long offset, byte[] bytes) {}

    private final FileChannel ch;
    private final long floor;
    private byte[] buf = new byte[0];
    private long bufStart;  // file offset of buf[0]
    private int lineEnd;    // index in buf just past the next line to return (its '\n' excluded)

    /** {@code end} must be a line boundary (just after a newline, or the floor). */
    public ReverseLineReader(FileChannel ch, long end, long floor) {
        this.ch = ch;
        this.floor = floor;
        this.bufStart = end;
        this.lineEnd = 0;
    }

    /** The previous line, or null at the floor. */
    public Line previous() throws IOException {
        if (bufStart + lineEnd <= floor) {
            return null;
        }
        // The byte before lineEnd is the previous line's newline.
        int stop = lineEnd - 1;
        if (stop < 0) {
            load();
            stop = lineEnd - 1;
        }
        while (true) {
            for (int i = stop - 1; i >= 0; i--) {
                if (buf[i] == '\n') {
                    return emit(i + 1, stop);
                }
            }
            if (bufStart <= floor) {
                return emit(0, stop);
            }
            int before = lineEnd;
            load();
            stop += lineEnd - before;
        }
    }

    private Line emit(int from, int to) {
        Line l = new Line(bufStart + from, Arrays.copyOfRange(buf, from, to));
        lineEnd = from;
        return l;
    }

    /** Prepends up to one chunk of earlier bytes to the buffer. */
    private void load() throws IOException {
        long want = Math.min(CHUNK, bufStart - floor);
        if (want <= 0) {
            return;
        }
        byte[] more = new byte[(int) want];
        ByteBuffer bb = ByteBuffer.wrap(more);
        long from = bufStart - want;
        while (bb.hasRemaining()) {
            int n = ch.read(bb, from + bb.position());
            if (n < 0) {
                throw new IOException("transcript shrank while reading at " + (from + bb.position()));
            }
        }
        byte[] merged = new byte[more.length + lineEnd];
        System.arraycopy(more, 0, merged, 0, more.length);
        System.arraycopy(buf, 0, merged, more.length, lineEnd);
        buf = merged;
        bufStart = from;
        lineEnd += more.length;
    }
}
