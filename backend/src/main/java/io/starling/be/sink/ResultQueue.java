package io.starling.be.sink;

import io.starling.storage.batch.ColumnBatch;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-over between a fragment's result sink (producer, a driver on a worker) and the client thread calling
 * {@code FragmentHandle.next()} (consumer). Bounded to {@link #CAPACITY} batches: when full, the producer does not
 * wait but gets a future ({@link #notFull()}) to park its driver on, completed when the consumer takes a batch.
 * The consumer blocks on a condition (it is a client thread, never a worker).
 *
 * <p>Ownership: offered batches belong to the queue until taken; {@link #close()} frees batches never taken.
 */
public final class ResultQueue implements AutoCloseable
{
    /**
     * Batches buffered between the last driver and the client: 4 x 4096 rows keeps a few MiB in flight, enough to
     * overlap encoding on the client side with execution without letting a slow client pin much memory.
     */
    public static final int CAPACITY = 4;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ColumnBatch> batches = new ArrayDeque<>();
    private CompletableFuture<Void> notFull = CompletableFuture.completedFuture(null);
    private boolean finished;
    private Throwable failure;
    private boolean closed;

    /** Whether the producer may offer now. */
    public boolean hasRoom()
    {
        lock.lock();
        try {
            return batches.size() < CAPACITY || closed;
        }
        finally {
            lock.unlock();
        }
    }

    /** Appends a batch (may exceed capacity by one; callers check {@link #hasRoom()} first). */
    public void offer(ColumnBatch batch)
    {
        lock.lock();
        try {
            if (closed || failure != null) {
                batch.close();
                return;
            }
            batches.addLast(batch);
            if (batches.size() >= CAPACITY && notFull.isDone()) {
                notFull = new CompletableFuture<>();
            }
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    /** A future that completes when there is room again (already complete if there is room now). */
    public CompletableFuture<Void> notFull()
    {
        lock.lock();
        try {
            return batches.size() < CAPACITY || closed ? CompletableFuture.completedFuture(null) : notFull;
        }
        finally {
            lock.unlock();
        }
    }

    /** The producer finished normally: the consumer gets null after the buffered batches. */
    public void finish()
    {
        lock.lock();
        try {
            finished = true;
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    /** The fragment failed: buffered batches are dropped and the consumer gets {@code cause}. */
    public void fail(Throwable cause)
    {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            drain();
            notFull.complete(null);
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Next batch, or null at the end; waits up to {@code timeoutNanos}. Throws the failure cause wrapped by the
     * caller's translation (returned as {@link Taken#failure}).
     */
    public Taken take(long timeoutNanos) throws InterruptedException
    {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (true) {
                if (failure != null) {
                    return new Taken(null, failure, false);
                }
                ColumnBatch b = batches.pollFirst();
                if (b != null) {
                    if (batches.size() < CAPACITY) {
                        notFull.complete(null);
                    }
                    return new Taken(b, null, false);
                }
                if (finished || closed) {
                    return new Taken(null, null, true);
                }
                if (left <= 0) {
                    return new Taken(null, null, false);
                }
                left = changed.awaitNanos(left);
            }
        }
        finally {
            lock.unlock();
        }
    }

    /** Outcome of {@link #take}: a batch, a failure, the end, or (all null/false) a timeout. */
    public record Taken(ColumnBatch batch, Throwable failure, boolean end)
    {
    }

    /** Frees buffered batches and wakes everybody; later offers free their batch at once. */
    @Override
    public void close()
    {
        lock.lock();
        try {
            closed = true;
            drain();
            notFull.complete(null);
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    private void drain()
    {
        ColumnBatch b;
        while ((b = batches.pollFirst()) != null) {
            b.close();
        }
    }

    /** Convenience for tests: waits at most {@code seconds}. */
    public Taken take(int seconds) throws InterruptedException
    {
        return take(TimeUnit.SECONDS.toNanos(seconds));
    }
}
