package io.starling.be.operator;

import io.starling.sched.driver.SourcePipelineOperator;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.List;

/** Source operator emitting constant rows (plan ValuesNode) in batches of up to {@link ColumnBatch#MAX_ROWS}. */
public final class ValuesOperator implements SourcePipelineOperator
{
    private final String name;
    private final List<Object[]> rows;
    private final List<DataType> types;
    private final MemoryContext ctx;
    private int next;

    public ValuesOperator(String name, List<Object[]> rows, List<DataType> types, MemoryContext ctx)
    {
        this.name = name;
        this.rows = rows;
        this.types = types;
        this.ctx = ctx;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public ColumnBatch pull()
    {
        if (next >= rows.size()) {
            return null;
        }
        int to = Math.min(rows.size(), next + ColumnBatch.MAX_ROWS);
        ColumnBatch b = Rows.write(rows, next, to, types, ctx);
        next = to;
        return b;
    }

    @Override
    public void finish()
    {
    }

    @Override
    public boolean isFinished()
    {
        return next >= rows.size();
    }

    @Override
    public void close()
    {
        next = rows.size();
    }
}
