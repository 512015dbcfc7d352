package dev.parley.core.portable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * A {@code parley} export document written as it is read: the transcript channel was opened (and its length taken)
 * on the session's lane, so the copy runs on the caller's thread without holding the lane, and sees exactly the
 * complete lines that existed then (appends after that point are not included; a later delete or archive does not
 * disturb an open channel). Memory stays bounded whatever the transcript's size. Close it when done.
 */
public final class DocumentStream implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final ObjectNode metadata;
    private final String sessionKey;
    private final FileChannel channel;
    private final long length;

    public DocumentStream(String sessionKey, ObjectNode metadata, FileChannel channel, long length) {
        this.sessionKey = java.util.Objects.requireNonNull(sessionKey, "sessionKey is null");
        this.metadata = java.util.Objects.requireNonNull(metadata, "metadata is null");
        this.channel = java.util.Objects.requireNonNull(channel, "channel is null");
        this.length = length;
    }

    /** Writes the document (the same JSON as {@link PortableDocument#build}); returns the bytes written. */
    public long writeTo(OutputStream out) throws IOException {
        ObjectNode head = Json.object();
        head.put("format", PortableDocument.FORMAT);
        head.put("version", PortableDocument.VERSION);
        head.put("sessionKey", sessionKey);
        head.set("metadata", metadata);
        String prefix = head.toString();
        byte[] open = (prefix.substring(0, prefix.length() - 1) + ",\"entries\":[").getBytes(StandardCharsets.UTF_8);
        out.write(open);
        long written = open.length + copyLines(out);
        out.write(new byte[] {']', '}'});
        out.flush();
        return written + 2;
    }

    /** Copies the lines, joined by commas instead of newlines (each line is one JSON object). */
    private long copyLines(OutputStream out) throws IOException {
        InputStream in = Channels.newInputStream(channel.position(0));
        byte[] buf = new byte[BUFFER];
        byte[] chunk = new byte[BUFFER + 1];
        long left = length;
        long written = 0;
        boolean lineStart = true;
        boolean first = true;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                break;
            }
            left -= n;
            int c = 0;
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    lineStart = true;
                    continue;
                }
                if (lineStart && !first) {
                    chunk[c++] = ',';
                    out.write(chunk, 0, c);
                    written += c;
                    c = 0;
                }
                lineStart = false;
                first = false;
                chunk[c++] = b;
            }
            out.write(chunk, 0, c);
            written += c;
        }
        return written;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
