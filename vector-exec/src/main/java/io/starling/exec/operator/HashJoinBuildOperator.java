package io.starling.exec.operator;

import io.starling.exec.expr.Expression;
import io.starling.exec.hash.JoinHashTable;
import io.starling.exec.hash.JoinPartitionBuffer;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;

import java.util.List;

/**
 * Sink of the build pipeline of a hash join: copies every input row and its key into this driver's
 * {@link JoinPartitionBuffer} of the shared {@link JoinHashTable}, hash-partitioned. {@link #finish()} hands the
 * buffer over; the last of the table's build drivers seals the input and then builds partitions until none is left
 * unclaimed (probe drivers build the others in parallel). Produces no output. One instance per build driver.
 */
public final class HashJoinBuildOperator
        implements Operator
{
    private final OperatorContext context;
    private final JoinHashTable table;
    private final List<Expression> buildKeys;
    private final JoinPartitionBuffer buffer;
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
        try {
            this.buffer = table.newBuffer();
        }
        catch (RuntimeException e) {
            table.release();
            throw e;
        }
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
            buffer.add(batch, keys, table.hashKernels());
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
            if (table.finishBuffer(buffer)) {
                while (table.buildNextPartition()) {
                    // this driver's share of the partition builds
                }
            }
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
