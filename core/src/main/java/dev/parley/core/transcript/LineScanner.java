package dev.parley.core.transcript;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A pure forward scan of a transcript from a line boundary to the end of the file (SPEC §3.1 recovery).
 *
 * <p>Design notes. The newline is the commit marker: a line without one at the end of the file is torn. The
 * last line of the file is also torn when it does not parse or breaks the dense {@code seq} (a partial write
 * that happened to end in a newline byte, trailing zero bytes). Any other bad line is corruption: the scan
 * reports its offset and, unless asked to continue (repair), stops there. The scan never modifies the file;
 * callers cut the torn tail or mark the session read-only.
 */
public final class LineScanner {
    private static final int CHUNK = 64 * 1024;

    /** Receives each valid line: the parsed entry, its start offset and the offset after its newline. */
    @FunctionalInterface
    public interface Visitor {
        void visit(ObjectNode entry, long offset, long end);
    }

    /**
     * @param validEnd offset after the last valid line (the length the file should have)
     * @param tornFrom offset where a torn tail starts, or -1
     * @param corruptOffset offset of the first corrupt line, or -1
     * @param badLines every corrupt line {offset, length including its newline, inferred seq} when scanning on
     * @param lastSeq seq of the last valid line, or the expected-1 when none
     */
    public record Result(long validEnd, long tornFrom, long corruptOffset, List<long[]> badLines, long lastSeq) {
        public boolean clean() {
            return tornFrom < 0 && corruptOffset < 0;
        }
    }

    private LineScanner() {}

    /**
     * Scans {@code [start, fileEnd)}. {@code expectedSeq} is the seq the first line must carry (-1: take the first
     * line's seq as given). With {@code continueAfterCorrupt} the scan records every bad line and goes on (repair).
     */
    public static Result scan(FileChannel ch, long start, long expectedSeq, boolean continueAfterCorrupt,
                              Visitor visitor) throws IOException {
        long fileEnd = ch.size();
        List<long[]> bad = new ArrayList<>();
        long pos = start;
        long next = expectedSeq;
        long corrupt = -1;
        long inferred = expectedSeq; // the seq a bad line stands in for: previous good seq + 1
        LineCursor cursor = new LineCursor(ch, start, fileEnd);
        while (true) {
            LineCursor.Line line = cursor.next();
            if (line == null) {
                return new Result(pos, -1, corrupt, bad, next - 1);
            }
            if (!line.terminated()) {
                return new Result(pos, line.offset(), corrupt, bad, next - 1);
            }
            ObjectNode node = parse(line.bytes());
            boolean seqOk = node != null && node.path("seq").canConvertToLong()
                    && (next < 0 || node.get("seq").asLong() == next);
            if (!seqOk) {
                boolean isLast = line.offset() + line.bytes().length + 1 >= fileEnd;
                if (isLast && corrupt < 0) {
                    return new Result(pos, line.offset(), corrupt, bad, next - 1);
                }
                if (corrupt < 0) {
                    corrupt = line.offset();
                }
                bad.add(new long[] {line.offset(), line.bytes().length + 1L, inferred});
                if (!continueAfterCorrupt) {
                    return new Result(pos, -1, corrupt, bad, next - 1);
                }
                inferred++;
                next = -1; // resynchronise on the next good line
                pos = line.offset() + line.bytes().length + 1;
                continue;
            }
            long end = line.offset() + line.bytes().length + 1;
            visitor.visit(node, line.offset(), end);
            next = node.get("seq").asLong() + 1;
            inferred = next;
            pos = end;
        }
    }

    /** The entry on the complete line starting at {@code offset}, or null when it is torn or unparsable. */
    public static ObjectNode readLine(FileChannel ch, long offset) throws IOException {
        LineCursor.Line line = new LineCursor(ch, offset, ch.size()).next();
        return line == null || !line.terminated() ? null : parse(line.bytes());
    }

    /** Parses one line's bytes (without the newline); null when it is not a JSON object. */
    public static ObjectNode readLineBytes(byte[] bytes) {
        return parse(bytes);
    }

    static ObjectNode parse(byte[] bytes) {
        try {
            return Json.parseObject(bytes, 0, bytes.length);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Sequential reader of lines in [start, end) with a growing buffer for long lines. */
    static final class LineCursor {
        record Line(long offset, byte[] bytes, boolean terminated) {}

        private final FileChannel ch;
        private final long end;
        private long filePos;
        private byte[] buf = new byte[CHUNK];
        private int bufLen;
        private int bufPos;
        private long bufOffset;

        LineCursor(FileChannel ch, long start, long end) {
            this.ch = ch;
            this.end = end;
            this.filePos = start;
            this.bufOffset = start;
        }

        Line next() throws IOException {
            while (true) {
                for (int i = bufPos; i < bufLen; i++) {
                    if (buf[i] == '\n') {
                        byte[] line = java.util.Arrays.copyOfRange(buf, bufPos, i);
                        long off = bufOffset + bufPos;
                        bufPos = i + 1;
                        return new Line(off, line, true);
                    }
                }
                if (!fill()) {
                    if (bufPos >= bufLen) {
                        return null;
                    }
                    byte[] rest = java.util.Arrays.copyOfRange(buf, bufPos, bufLen);
                    long off = bufOffset + bufPos;
                    bufPos = bufLen;
                    return new Line(off, rest, false);
                }
            }
        }

        private boolean fill() throws IOException {
            if (filePos >= end) {
                return false;
            }
            if (bufPos > 0) {
                System.arraycopy(buf, bufPos, buf, 0, bufLen - bufPos);
                bufLen -= bufPos;
                bufOffset += bufPos;
                bufPos = 0;
            }
            if (bufLen == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            int want = (int) Math.min(buf.length - bufLen, end - filePos);
            ByteBuffer bb = ByteBuffer.wrap(buf, bufLen, want);
            int n = ch.read(bb, filePos);
            if (n <= 0) {
                return false;
            }
            bufLen += n;
            filePos += n;
            return true;
        }
    }
}
