package io.starling.be.operator;

import io.starling.be.sink.ResultQueue;
import io.starling.sched.driver.PipelineOperator;
import io.starling.storage.batch.ColumnBatch;

import java.util.concurrent.CompletableFuture;

/**
 * Sink of a query fragment: hands batches to the {@link ResultQueue} drained by {@code FragmentHandle.next()}.
 * When the queue is full it stops needing input and its driver parks on the queue's not-full future
 * (back-pressure without blocking a worker).
 */
public final class ResultSinkOperator implements PipelineOperator
{
    private final String name;
    private final ResultQueue queue;
    private boolean finished;

    public ResultSinkOperator(String name, ResultQueue queue)
    {
        this.name = name;
        this.queue = queue;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public boolean needsInput()
    {
        return !finished && queue.hasRoom();
    }

    @Override
    public CompletableFuture<?> blockedOn()
    {
        return finished ? null : queue.notFull();
    }

    @Override
    public void push(ColumnBatch batch)
    {
        queue.offer(batch);
    }

    @Override
    public ColumnBatch pull()
    {
        return null;
    }

    @Override
    public void finish()
    {
        finished = true;
    }

    @Override
    public boolean isFinished()
    {
        return finished;
    }

    @Override
    public void close()
    {
    }
}
