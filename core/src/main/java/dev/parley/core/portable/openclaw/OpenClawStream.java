package dev.parley.core.portable.openclaw;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The {@code openclaw} export as a stream: {@code {"files":{"<path>":"<JSONL>",…}}} written as the transcript is
 * read, one line at a time, each escaped into the current JSON string as it is produced — no transcript is ever
 * held as one string, so memory stays bounded whatever the session's size. The transcript channel was opened (and
 * its length taken) on the session's lane, as for {@code DocumentStream}: the copy sees exactly the complete
 * lines that existed then. Close it when done.
 */
public final class OpenClawStream implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final SessionKey key;
    private final ObjectNode metadata;
    private final FileChannel channel;
    private final long length;

    public OpenClawStream(SessionKey key, ObjectNode metadata, FileChannel channel, long length) {
        this.key = Objects.requireNonNull(key, "key is null");
        this.metadata = Objects.requireNonNull(metadata, "metadata is null");
        this.channel = Objects.requireNonNull(channel, "channel is null");
        this.length = length;
    }

    /** Writes {@code {"files":{…}}} (the same JSON value as the RPC result) to {@code out}; does not close it. */
    public void writeTo(OutputStream out) throws IOException {
        Escaping sink = new Escaping(out);
        out.write("{\"files\":{".getBytes(StandardCharsets.UTF_8));
        OpenClawExport exporter = new OpenClawExport(key, metadata, sink);
        InputStream in = new Bounded(Channels.newInputStream(channel.position(0)), length);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isEmpty()) {
                    JsonNode node = Json.MAPPER.readTree(line);
                    exporter.accept((ObjectNode) node);
                }
            }
        }
        exporter.finish();
        out.write(sink.open ? "\"}}".getBytes(StandardCharsets.UTF_8) : "}}".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Writes each file as a JSON member whose string value is escaped piece by piece. */
    private static final class Escaping implements FileSink {
        private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
        private final OutputStream out;
        boolean open;

        Escaping(OutputStream out) {
            this.out = out;
        }

        @Override
        public void begin(String path) throws IOException {
            out.write(open ? "\",\"".getBytes(StandardCharsets.UTF_8) : new byte[] {'"'});
            out.write(ENCODER.quoteAsUTF8(path));
            out.write("\":\"".getBytes(StandardCharsets.UTF_8));
            open = true;
        }

        @Override
        public void text(String text) throws IOException {
            out.write(ENCODER.quoteAsUTF8(text));
        }
    }

    /** The first {@code length} bytes of a stream (the transcript as it was when the channel was opened). */
    private static final class Bounded extends java.io.FilterInputStream {
        private long left;

        Bounded(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
