package io.starling.sched.driver;

import io.starling.storage.batch.ColumnBatch;

/** The first operator of a pipeline: it produces batches and never takes input. */
public interface SourcePipelineOperator extends PipelineOperator
{
    @Override
    default boolean needsInput()
    {
        return false;
    }

    /** Never called by {@link OperatorChain} for a source; closes the batch and fails if it is. */
    @Override
    default void push(ColumnBatch batch)
    {
        batch.close();
        throw new IllegalStateException(name() + " is a source operator");
    }
}
