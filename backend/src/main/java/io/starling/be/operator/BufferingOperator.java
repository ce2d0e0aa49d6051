package io.starling.be.operator;

import io.starling.sched.driver.PipelineOperator;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * Base of the interim blocking operators (aggregate, sort): consume everything as boxed rows, compute the result
 * rows at {@link #finish()}, then emit them in batches. Buffered rows are charged (estimated) to the operator's
 * {@link MemoryContext} so the query memory limit applies to them.
 */
public abstract class BufferingOperator implements PipelineOperator
{
    private final String name;
    private final List<DataType> outputTypes;
    protected final MemoryContext ctx;
    private long reserved;
    private List<Object[]> output;
    private int next;
    private boolean finishing;

    protected BufferingOperator(String name, List<DataType> outputTypes, MemoryContext ctx)
    {
        this.name = name;
        this.outputTypes = List.copyOf(outputTypes);
        this.ctx = ctx;
    }

    @Override
    public final String name()
    {
        return name;
    }

    /** Consumes the rows of a batch. */
    protected abstract void consume(List<Object[]> rows);

    /** Produces the result rows after the last input. */
    protected abstract List<Object[]> result();

    /** Charges {@code bytes} to the memory context (throws MemoryLimitExceededException past the limit). */
    protected final void charge(long bytes)
    {
        ctx.reserve(bytes);
        reserved += bytes;
    }

    @Override
    public boolean needsInput()
    {
        return !finishing;
    }

    /** Boxed rows of a batch; subclasses may append computed values (sort keys) after the input columns. */
    protected List<Object[]> rowsOf(ColumnBatch batch)
    {
        return Rows.read(batch);
    }

    @Override
    public void push(ColumnBatch batch)
    {
        try (batch) {
            consume(rowsOf(batch));
        }
    }

    @Override
    public ColumnBatch pull()
    {
        if (output == null || next >= output.size()) {
            return null;
        }
        int to = Math.min(output.size(), next + ColumnBatch.MAX_ROWS);
        ColumnBatch b = Rows.write(output, next, to, outputTypes, ctx);
        next = to;
        return b;
    }

    @Override
    public void finish()
    {
        if (!finishing) {
            finishing = true;
            output = result();
        }
    }

    @Override
    public boolean isFinished()
    {
        return finishing && next >= output.size();
    }

    @Override
    public void close()
    {
        ctx.release(reserved);
        reserved = 0;
        output = null;
    }
}
