package io.starling.be.operator;

import io.starling.sched.driver.PipelineOperator;
import io.starling.storage.batch.ColumnBatch;

/**
 * Base of one-in-one-out operators that transform each pushed batch into at most one output batch (filter,
 * project, limit): holds one pending output, needs input when it is empty.
 */
public abstract class StreamingOperator implements PipelineOperator
{
    private final String name;
    private ColumnBatch pending;
    private boolean finishing;
    private boolean done;

    protected StreamingOperator(String name)
    {
        this.name = name;
    }

    @Override
    public final String name()
    {
        return name;
    }

    /** Transforms a batch (ownership passes in); returns the output or null if nothing is left of it. */
    protected abstract ColumnBatch process(ColumnBatch batch);

    /** Lets subclasses end the stream early (LIMIT reached). */
    protected final void markDone()
    {
        done = true;
    }

    @Override
    public boolean needsInput()
    {
        return pending == null && !finishing && !done;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        ColumnBatch out = process(batch);
        if (out != null && out.size() == 0) {
            out.close();
            out = null;
        }
        pending = out;
    }

    @Override
    public ColumnBatch pull()
    {
        ColumnBatch b = pending;
        pending = null;
        return b;
    }

    @Override
    public void finish()
    {
        finishing = true;
    }

    @Override
    public boolean isFinished()
    {
        return (finishing || done) && pending == null;
    }

    @Override
    public void close()
    {
        if (pending != null) {
            pending.close();
            pending = null;
        }
    }
}
