package io.starling.be.load;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * The byte pipeline between the network and the load parser: the event loop {@link #offer}s the request body's
 * chunks as they arrive; the load thread reads them as an {@link InputStream}. Back-pressure: once more than
 * {@link #HIGH_WATER} bytes wait, {@code pause} runs (the HTTP handler turns off autoRead, so the socket stops
 * being read and TCP flow control slows the client); once the reader drains below {@link #LOW_WATER},
 * {@code resume} runs. Memory held by a load's pipe is therefore bounded by HIGH_WATER plus one socket read.
 */
public final class BodyPipe extends InputStream
{
    /** Queued bytes above which reading from the socket pauses: 4 read buffers of the CSV parser. */
    public static final long HIGH_WATER = 4L << 20;
    /** Queued bytes below which reading resumes: hysteresis so pause/resume do not flap per chunk. */
    public static final long LOW_WATER = 1L << 20;

    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private final Runnable pause;
    private final Runnable resume;
    private final long deadlineNanos;
    private long queued;
    private long received;
    private boolean paused;
    private boolean ended;
    private boolean closed;
    private String failure;

    /**
     * @param pause         called (on the offering thread) when the queue passes HIGH_WATER
     * @param resume        called (on the reading thread) when it drains below LOW_WATER
     * @param deadlineNanos {@link System#nanoTime()} after which a waiting read fails (the load's timeout)
     */
    public BodyPipe(Runnable pause, Runnable resume, long deadlineNanos)
    {
        this.pause = pause;
        this.resume = resume;
        this.deadlineNanos = deadlineNanos;
    }

    /** Queues a chunk (the pipe takes its own reference; the caller keeps and releases its own). */
    public void offer(ByteBuf chunk)
    {
        boolean doPause = false;
        synchronized (this) {
            if (closed || ended || failure != null || !chunk.isReadable()) {
                return;
            }
            queue.add(chunk.retain());
            queued += chunk.readableBytes();
            received += chunk.readableBytes();
            if (queued > HIGH_WATER && !paused) {
                paused = true;
                doPause = true;
            }
            notifyAll();
        }
        if (doPause) {
            pause.run();
        }
    }

    /** The body ended normally. */
    public synchronized void end()
    {
        ended = true;
        notifyAll();
    }

    /** The body cannot be completed (connection closed, decoding error); a read then throws with the reason. */
    public synchronized void fail(String reason)
    {
        if (!ended && failure == null) {
            failure = reason;
            notifyAll();
        }
    }

    /** Whether the whole body arrived. */
    public synchronized boolean ended()
    {
        return ended;
    }

    /** Body bytes received so far. */
    public synchronized long received()
    {
        return received;
    }

    @Override
    public int read() throws IOException
    {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException
    {
        if (len == 0) {
            return 0;
        }
        boolean doResume = false;
        int n;
        synchronized (this) {
            while (queue.isEmpty()) {
                if (failure != null) {
                    throw new IOException(failure);
                }
                if (ended) {
                    return -1;
                }
                if (closed) {
                    throw new IOException("load body pipe closed");
                }
                long wait = deadlineNanos - System.nanoTime();
                if (wait <= 0) {
                    throw new IOException("timed out waiting for the request body (" + received + " bytes received)");
                }
                try {
                    wait(Math.max(1, wait / 1_000_000));
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("load interrupted");
                }
            }
            n = 0;
            while (n < len && !queue.isEmpty()) {
                ByteBuf head = queue.peek();
                int k = Math.min(len - n, head.readableBytes());
                head.readBytes(dst, off + n, k);
                n += k;
                if (!head.isReadable()) {
                    queue.poll().release();
                }
            }
            queued -= n;
            if (paused && queued < LOW_WATER) {
                paused = false;
                doResume = true;
            }
        }
        if (doResume) {
            resume.run();
        }
        return n;
    }

    /** Releases queued chunks; later offers are dropped. */
    @Override
    public void close()
    {
        synchronized (this) {
            closed = true;
            while (!queue.isEmpty()) {
                queue.poll().release();
            }
            queued = 0;
            notifyAll();
        }
    }
}
