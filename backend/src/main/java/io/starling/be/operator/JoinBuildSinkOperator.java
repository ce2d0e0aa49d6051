package io.starling.be.operator;

import io.starling.exec.expr.Expression;
import io.starling.sched.driver.PipelineOperator;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;

import java.util.Arrays;
import java.util.List;

/** Sink of a hash join's build pipeline: evaluates the build keys and fills the shared {@link JoinTable}. */
public final class JoinBuildSinkOperator implements PipelineOperator
{
    private final String name;
    private final JoinTable table;
    private final List<Expression> keys;
    private final MemoryContext ctx;
    private boolean finished;

    public JoinBuildSinkOperator(String name, JoinTable table, List<Expression> keys, MemoryContext ctx)
    {
        this.name = name;
        this.table = table;
        this.keys = List.copyOf(keys);
        this.ctx = ctx;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public boolean needsInput()
    {
        return !finished;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        try (batch) {
            List<Object[]> rows = Rows.read(batch);
            List<Object[]> keyValues = JoinProbeOperator.evaluateKeys(keys, batch, ctx);
            for (int i = 0; i < rows.size(); i++) {
                table.add(Arrays.asList(keyValues.get(i)), rows.get(i));
            }
        }
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
        table.markReady();
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
