package io.starling.exec.operator;

import io.starling.exec.expr.Expression;
import io.starling.exec.hash.JoinHashTable;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;

import java.util.List;

/**
 * Sink of the build pipeline of a hash join: copies every input row and its key into the shared
 * {@link JoinHashTable}; {@link #finish()} links the table and unblocks the probes. Produces no output.
 * One build operator per table (no parallel build yet).
 */
public final class HashJoinBuildOperator
        implements Operator
{
    private final OperatorContext context;
    private final JoinHashTable table;
    private final List<Expression> buildKeys;
    private boolean finished;

    /**
     * @param table the shared table, created with this operator's memory context (retained here)
     * @param buildKeys key expressions over the build input, in the order of the table's key types
     */
    public HashJoinBuildOperator(OperatorContext context, JoinHashTable table, List<Expression> buildKeys)
    {
        if (buildKeys.size() != table.keyTypes().size()) {
            throw new IllegalArgumentException("expected " + table.keyTypes().size() + " build keys, got " + buildKeys.size());
        }
        this.context = context;
        this.table = table;
        this.buildKeys = List.copyOf(buildKeys);
        table.retain();
    }

    @Override
    public boolean needsInput()
    {
        return !finished;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        long start = System.nanoTime();
        ColumnVector[] keys = new ColumnVector[buildKeys.size()];
        try (batch) {
            context.recordInput(batch.size());
            for (int k = 0; k < keys.length; k++) {
                keys[k] = buildKeys.get(k).evaluate(batch, context.memory());
            }
            table.add(batch, keys);
        }
        finally {
            for (ColumnVector v : keys) {
                if (v != null) {
                    v.close();
                }
            }
            context.addCpuNanos(System.nanoTime() - start);
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
        if (!finished) {
            finished = true;
            long start = System.nanoTime();
            table.finishBuild();
            context.addCpuNanos(System.nanoTime() - start);
        }
    }

    @Override
    public boolean isFinished()
    {
        return finished;
    }

    @Override
    public void close()
    {
        table.release();
    }
}
