package io.starling.be.operator;

import io.starling.storage.batch.ColumnBatch;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A passthrough local exchange (StarRocks {@code local_exchange}): N producer drivers hand batches to one consumer
 * driver (gather below a blocking operator, UNION ALL inputs, parallel scans). Bounded to {@link #CAPACITY}
 * batches; producers park on {@link #notFull()}, the consumer on {@link #notEmpty()}. Batch ownership moves
 * through the exchange; {@link #close()} frees what was never taken.
 */
public final class LocalExchange
{
    /** Batches buffered: two per worker of a 2-core machine is enough to keep producers busy while the consumer runs. */
    public static final int CAPACITY = 8;

    private final ArrayDeque<ColumnBatch> queue = new ArrayDeque<>();
    private int producersLeft;
    private CompletableFuture<Void> notFull = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> notEmpty = new CompletableFuture<>();
    private boolean closed;

    public LocalExchange(int producers)
    {
        this.producersLeft = producers;
        if (producers == 0) {
            notEmpty.complete(null);
        }
    }

    synchronized boolean hasRoom()
    {
        return queue.size() < CAPACITY || closed;
    }

    synchronized CompletableFuture<Void> notFull()
    {
        if (queue.size() < CAPACITY || closed) {
            return CompletableFuture.completedFuture(null);
        }
        if (notFull.isDone()) {
            notFull = new CompletableFuture<>();
        }
        return notFull;
    }

    void offer(ColumnBatch b)
    {
        CompletableFuture<Void> wake;
        synchronized (this) {
            if (closed) {
                b.close();
                return;
            }
            queue.addLast(b);
            wake = notEmpty;
        }
        wake.complete(null);
    }

    void producerDone()
    {
        CompletableFuture<Void> wake;
        synchronized (this) {
            producersLeft--;
            wake = notEmpty;
        }
        wake.complete(null);
    }

    ColumnBatch poll()
    {
        CompletableFuture<Void> wake;
        ColumnBatch b;
        synchronized (this) {
            b = queue.pollFirst();
            if (b == null) {
                return null;
            }
            wake = notFull;
        }
        wake.complete(null);
        return b;
    }

    synchronized boolean isDrained()
    {
        return producersLeft <= 0 && queue.isEmpty();
    }

    synchronized CompletableFuture<Void> notEmpty()
    {
        if (!queue.isEmpty() || producersLeft <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        if (notEmpty.isDone()) {
            notEmpty = new CompletableFuture<>();
        }
        return notEmpty;
    }

    /** Frees buffered batches; later offers are dropped. */
    public void close()
    {
        synchronized (this) {
            closed = true;
            ColumnBatch b;
            while ((b = queue.pollFirst()) != null) {
                b.close();
            }
        }
        notFull.complete(null);
    }
}
