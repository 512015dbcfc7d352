package dev.parley.core.transcript;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

/**
 * The append side of one transcript file, with group commit.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Writes come only from the session's lane (one at a time), always at {@code written}, the end of the
 *       last complete line; a write either completes or fails the writer.</li>
 *   <li>Durability is separate from writing: {@link #durable(long)} returns a future that completes once a
 *       force has covered that position. At most one force per file is in flight; it runs on the worker pool
 *       and covers everything written when it started. Waiters that arrive while it runs share the next force
 *       (group commit), so N concurrent appenders cost about two forces, not N. Different files force in
 *       parallel.</li>
 *   <li>A failed write or force fails that waiter and every later one; the channel is never forced again
 *       (SPEC §3.1: a failed fsync is not retried on the same channel). The owner reopens a new writer later.</li>
 *   <li>Monitor: {@code this} guards {@code written}, {@code forced}, {@code forcing}, {@code failure},
 *       {@code waiters}. The force itself runs without the monitor.</li>
 * </ul>
 */
public final class TranscriptWriter implements AutoCloseable {
    private record Waiter(long position, CompletableFuture<Void> future) {}

    private final FileChannel channel;
    private final Executor forcer;
    private final LongConsumer forceNanos;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private long written;
    private long forced;
    private boolean forcing;
    private boolean forceRunning;
    private boolean closing;
    private IOException failure;

    public TranscriptWriter(FileChannel channel, long length, Executor forcer, LongConsumer forceNanos) {
        this.channel = channel;
        this.forcer = forcer;
        this.forceNanos = forceNanos;
        this.written = length;
        this.forced = length;
    }

    public FileChannel channel() {
        return channel;
    }

    public synchronized long length() {
        return written;
    }

    public synchronized boolean failed() {
        return failure != null;
    }

    /** Writes {@code bytes} at the end; returns the offset where they start. Lane only. */
    public long append(byte[] bytes) throws IOException {
        long start;
        synchronized (this) {
            if (failure != null) {
                throw new IOException("writer failed earlier: " + failure.getMessage(), failure);
            }
            start = written;
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long pos = start;
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
        } catch (IOException e) {
            fail(e);
            throw e;
        }
        synchronized (this) {
            written = start + bytes.length;
        }
        return start;
    }

    /** Completes once a force covers {@code position} (or fails with the force's IOException). */
    public CompletableFuture<Void> durable(long position) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        boolean start;
        synchronized (this) {
            if (failure != null) {
                f.completeExceptionally(failure);
                return f;
            }
            if (forced >= position) {
                f.complete(null);
                return f;
            }
            waiters.add(new Waiter(position, f));
            start = !forcing;
            forcing = forcing || start;
        }
        if (start) {
            forcer.execute(this::forceLoop);
        }
        return f;
    }

    /** Forces now if anything is unforced (fsync=interval); never blocks the caller. */
    public void forceSoon() {
        synchronized (this) {
            if (forcing || failure != null || forced >= written) {
                return;
            }
            forcing = true;
        }
        forcer.execute(this::forceLoop);
    }

    private void forceLoop() {
        while (true) {
            long target;
            synchronized (this) {
                if (closing) {
                    // close() forces and completes the waiters itself; a force queued behind it has nothing to do
                    forcing = false;
                    notifyAll();
                    return;
                }
                forceRunning = true;
                target = written;
            }
            long t0 = System.nanoTime();
            try {
                channel.force(false);
            } catch (IOException e) {
                synchronized (this) {
                    forceRunning = false;
                }
                fail(e);
                return;
            }
            forceNanos.accept(System.nanoTime() - t0);
            synchronized (this) {
                forceRunning = false;
                forced = Math.max(forced, target);
                while (!waiters.isEmpty() && waiters.peek().position() <= forced) {
                    waiters.poll().future().complete(null);
                }
                if (waiters.isEmpty()) {
                    // done; unforced bytes without waiters (interval/never) are left for later
                    forcing = false;
                    notifyAll();
                    return;
                }
            }
        }
    }

    private void fail(IOException e) {
        synchronized (this) {
            if (failure == null) {
                failure = e;
            }
            forcing = false;
            while (!waiters.isEmpty()) {
                waiters.poll().future().completeExceptionally(failure);
            }
            notifyAll();
        }
    }

    /**
     * Forces what is left (unless failed), completes the remaining waiters and closes the channel. It waits only for
     * a force that is actually running on another thread — never for one merely queued on the worker pool, which
     * may be the very pool the caller occupies (that wait could never end).
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            closing = true;
            while (forceRunning) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        try {
            if (!failed() && forced < length()) {
                long target = length();
                long t0 = System.nanoTime();
                channel.force(false);
                forceNanos.accept(System.nanoTime() - t0);
                synchronized (this) {
                    forced = Math.max(forced, target);
                    while (!waiters.isEmpty() && waiters.peek().position() <= forced) {
                        waiters.poll().future().complete(null);
                    }
                }
            }
        } catch (IOException e) {
            fail(e);
            throw e;
        } finally {
            channel.close();
        }
    }

    /** Opens a writer on an existing file whose valid length is {@code length}. */
    public static TranscriptWriter open(java.nio.file.Path file, long length, Executor forcer, LongConsumer forceNanos)
            throws IOException {
        FileChannel ch = FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE);
        return new TranscriptWriter(ch, length, forcer, forceNanos);
    }

}
