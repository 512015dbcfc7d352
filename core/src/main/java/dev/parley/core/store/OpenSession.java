package dev.parley.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.key.SessionKey;
import dev.parley.core.metadata.SessionMeta;
import dev.parley.core.transcript.LineScanner;
import dev.parley.core.transcript.ReverseLineReader;
import dev.parley.core.transcript.TranscriptWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * One session whose transcript is open: its channel, writer, idempotency index and corruption state.
 *
 * <p>Design notes. Lane-confined: every method runs on the session's lane, so verification, appends, reads,
 * repair and close never interleave. Opening is bounded (SPEC §3.1): only the bytes after the metadata's
 * {@code flushedLength} are scanned; a file shorter than recorded, a boundary that is not a line end, a last
 * recorded line that is not the recorded last entry, or a {@code contextStart} that is not the header/a reset
 * makes this one session rebuild from its whole file.
 * A torn tail is cut (bytes kept as {@code .torn-<ms>}); a corrupt line makes the session read-only.
 */
final class OpenSession {
    private static final System.Logger LOG = System.getLogger(OpenSession.class.getName());

    final SessionKey key;
    final String keyString;
    final Path path;
    SessionMeta meta;
    FileChannel channel;
    TranscriptWriter writer;
    long writerFailedAt = -1;
    IdempotencyIndex idempotency;
    long corruptOffset = -1;
    /** The header of a transcript created but not yet written: it goes out with the first batch. */
    ObjectNode pendingHeader;
    /** System.nanoTime() of the last use, for closing the least recently used files (any thread reads it). */
    volatile long lastUsed = System.nanoTime();

    OpenSession(SessionKey key, Path path, SessionMeta meta) {
        this.key = key;
        this.keyString = key.format();
        this.path = path;
        this.meta = meta;
    }

    /** Opens and verifies the file of an existing session. */
    void open(StoreContext ctx) throws IOException {
        channel = ctx.channels().open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = channel.size();
        long flushed = meta.flushedLength();
        if (size < flushed || !endsLine(flushed) || !contextStartValid() || !lastRecordedLineIntact(flushed)) {
            LOG.log(System.Logger.Level.WARNING, "metadata of " + keyString + " does not match its transcript "
                    + "(length " + size + ", recorded " + flushed + "); rebuilding this session from its file");
            rescan(ctx, 0);
        } else {
            rescan(ctx, flushed);
        }
    }

    /** Scans from {@code from} (a verified boundary; 0 = full rebuild), applying entries and repairing the tail. */
    void rescan(StoreContext ctx, long from) throws IOException {
        if (from == 0) {
            meta.clearDerived();
        }
        long expected = from == 0 ? 0 : meta.lastSeq() + 1;
        long[] visited = {0};
        LineScanner.Result r = LineScanner.scan(channel, from, expected, false, (e, off, end) -> {
            meta.apply(e, off, end);
            visited[0]++;
        });
        if (visited[0] > 0) {
            meta.setEstimatedTokens(-1); // entries nobody estimated: the context engine recomputes from the view
        }
        if (r.tornFrom() >= 0) {
            cutTornTail(ctx, r.tornFrom());
        }
        if (r.corruptOffset() >= 0) {
            markCorrupt(r.corruptOffset());
        }
    }

    private boolean endsLine(long offset) throws IOException {
        if (offset == 0) {
            return true;
        }
        byte[] b = dev.parley.core.store.FileOps.readAt(channel, offset - 1, 1);
        return b.length == 1 && b[0] == '\n';
    }

    /**
     * The line ending at {@code flushed} is the entry the metadata recorded last. The metadata may be flushed
     * before an append's force, so after a power loss that line can be zeroed or torn though the length matches;
     * scanning only past it would leave a torn last line in place, to be buried by the next append.
     */
    private boolean lastRecordedLineIntact(long flushed) throws IOException {
        if (flushed == 0) {
            return meta.lastSeq() < 0;
        }
        ReverseLineReader.Line last = new ReverseLineReader(channel, flushed, 0).previous();
        ObjectNode e = last == null ? null : LineScanner.readLineBytes(last.bytes());
        return e != null && e.path("seq").canConvertToLong() && e.get("seq").asLong() == meta.lastSeq();
    }

    private boolean contextStartValid() throws IOException {
        long cs = meta.contextStart();
        if (cs >= meta.flushedLength()) {
            return cs == 0;
        }
        if (!endsLine(cs)) {
            return false;
        }
        ObjectNode first = LineScanner.readLine(channel, cs);
        if (first == null) {
            return false;
        }
        String type = first.path("type").asText();
        return cs == 0 ? type.equals("session") : type.equals("reset")
                && first.path("seq").asLong(-1) == meta.contextStartSeq();
    }

    private void cutTornTail(StoreContext ctx, long from) throws IOException {
        long size = channel.size();
        long n = size - from;
        Path torn = path.resolveSibling(path.getFileName() + ".torn-" + ctx.now());
        byte[] bytes = FileOps.readAt(channel, from, (int) Math.min(n, Integer.MAX_VALUE - 8));
        Files.write(torn, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        channel.truncate(from);
        channel.force(true);
        FileOps.forceDirectory(path.getParent());
        ctx.stats().tornTails.increment();
        LOG.log(System.Logger.Level.WARNING, "torn tail of " + keyString + ": cut " + n + " bytes at offset " + from
                + ", kept as " + torn.getFileName());
    }

    void markCorrupt(long offset) {
        if (corruptOffset < 0 || offset < corruptOffset) {
            corruptOffset = offset;
        }
        LOG.log(System.Logger.Level.ERROR, "transcript of " + keyString + " is corrupt at byte offset " + offset
                + "; the session is read-only until sessions.repair");
    }

    ParleyException corrupt() {
        return new ParleyException(ErrorCode.SESSION_CORRUPT, "transcript of " + keyString
                + " is corrupt at byte offset " + corruptOffset + "; run sessions.repair",
                Map.of("offset", corruptOffset));
    }

    /** Closes the writer (forcing what is left) and the channel. */
    void close() {
        try {
            if (writer != null) {
                writer.close();
            } else if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing transcript of " + keyString + ": " + e.getMessage());
        } finally {
            writer = null;
            channel = null;
        }
    }
}
