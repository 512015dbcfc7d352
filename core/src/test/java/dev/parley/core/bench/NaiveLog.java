package dev.parley.core.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The baseline the append benchmark compares Parley with: a plain append-only file where every append is one
 * positional write followed by its own {@code force(false)} under a per-file lock. No grouping: N appenders on
 * one file cost N forces, one after another; appenders on different files never wait for each other. It does
 * no validation, seq assignment or metadata work (the caller serialises the line outside the lock).
 */
final class NaiveLog implements AutoCloseable {
    private final FileChannel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private long end;

    NaiveLog(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        this.end = channel.size();
    }

    /** Writes the line at the end and forces it before returning; returns the offset after it. */
    long append(byte[] line) throws IOException {
        lock.lock();
        try {
            ByteBuffer buf = ByteBuffer.wrap(line);
            long pos = end;
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
            channel.force(false);
            end = pos;
            return pos;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
