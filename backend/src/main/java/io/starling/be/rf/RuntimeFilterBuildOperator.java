package io.starling.be.rf;

import io.starling.exec.expr.ColumnRef;
import io.starling.exec.expr.Expression;
import io.starling.sched.driver.PipelineOperator;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;

import java.util.List;

/**
 * Pass-through operator in front of a hash join's build sink: feeds the key of every build row to one
 * {@link RuntimeFilterBuilder} per planned filter and, when its input is finished (the build input is complete),
 * publishes the filters into the fragment's {@link RuntimeFilterRegistry} before the build sink is finished, so they
 * are there by the time the probes are released. Runs in the single-driver build pipeline.
 */
public final class RuntimeFilterBuildOperator implements PipelineOperator
{
    private final String name;
    private final List<Expression> keys;
    private final List<RuntimeFilterBuilder> builders;
    private final RuntimeFilterRegistry registry;
    private final MemoryContext ctx;
    private ColumnBatch pending;
    private boolean finished;

    /**
     * @param keys the key expression of each filter, over the build input (same order as {@code builders})
     */
    public RuntimeFilterBuildOperator(String name, List<Expression> keys, List<RuntimeFilterBuilder> builders,
            RuntimeFilterRegistry registry, MemoryContext ctx)
    {
        this.name = name;
        this.keys = List.copyOf(keys);
        this.builders = List.copyOf(builders);
        this.registry = registry;
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
        return pending == null && !finished;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        for (int i = 0; i < keys.size(); i++) {
            Expression key = keys.get(i);
            if (key instanceof ColumnRef ref) {
                builders.get(i).add(batch, batch.column(ref.index()));
            }
            else {
                try (ColumnVector v = key.evaluate(batch, ctx)) {
                    builders.get(i).add(batch, v);
                }
            }
        }
        pending = batch;
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
        if (!finished) {
            finished = true;
            for (RuntimeFilterBuilder b : builders) {
                registry.publish(b.build());
            }
        }
    }

    @Override
    public boolean isFinished()
    {
        return finished && pending == null;
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
