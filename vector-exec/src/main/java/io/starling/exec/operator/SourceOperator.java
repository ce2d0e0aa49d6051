package io.starling.exec.operator;

import io.starling.storage.batch.ColumnBatch;

/**
 * An operator without input (scan, values, exchange source): it only produces batches through {@link #pull()}.
 * {@link #finish()} means "stop early" (a downstream LIMIT is satisfied).
 */
public interface SourceOperator
        extends Operator
{
    @Override
    default boolean needsInput()
    {
        return false;
    }

    @Override
    default void push(ColumnBatch batch)
    {
        batch.close();
        throw new IllegalStateException(getClass().getSimpleName() + " is a source and takes no input");
    }
}
