package dev.parley.core.lock;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/** Positional reads and writes of small lock files through the one channel that owns the file. */
final class LockChannels {
    private static final System.Logger LOG = System.getLogger(LockChannels.class.getName());
    /** Lock files hold one small JSON object; anything past this is not ours to read. */
    private static final int MAX_CONTENT = 64 * 1024;

    private LockChannels() {
    }

    static byte[] read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), MAX_CONTENT));
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // a positional read may return fewer bytes than asked
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** Truncate, write from offset 0, force: the content of a file whose OS lock we hold. */
    static void overwrite(FileChannel channel, byte[] content) throws IOException {
        channel.truncate(0);
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
            channel.write(buffer, buffer.position());
        }
        channel.force(true);
    }

    static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a lock channel failed", e);
        }
    }
}
