package io.starling.be.operator;

import io.starling.exec.operator.BlockedFuture;
import io.starling.exec.operator.Operator;
import io.starling.sched.driver.PipelineOperator;
import io.starling.storage.batch.ColumnBatch;

import java.util.concurrent.CompletableFuture;

/**
 * Runs an engine operator ({@link Operator} of {@code io.starling.exec.operator}) inside an
 * {@link io.starling.sched.driver.OperatorChain}: the two contracts are the same apart from the future type.
 * This is the seam through which the vectorized operators replace the interim ones of this package.
 */
public final class ExecOperatorAdapter implements PipelineOperator
{
    private final String name;
    private final Operator op;

    public ExecOperatorAdapter(String name, Operator op)
    {
        this.name = name;
        this.op = op;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public boolean needsInput()
    {
        return op.needsInput();
    }

    @Override
    public void push(ColumnBatch batch)
    {
        op.push(batch);
    }

    @Override
    public ColumnBatch pull()
    {
        return op.pull();
    }

    @Override
    public void finish()
    {
        op.finish();
    }

    @Override
    public boolean isFinished()
    {
        return op.isFinished();
    }

    @Override
    public CompletableFuture<?> blockedOn()
    {
        BlockedFuture f = op.blockedOn();
        return f == null || f.isDone() ? null : f.future();
    }

    @Override
    public void close()
    {
        op.close();
    }
}
