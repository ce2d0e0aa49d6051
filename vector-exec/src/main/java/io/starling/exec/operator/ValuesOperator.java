package io.starling.exec.operator;

import io.starling.storage.batch.ColumnBatch;

import java.util.ArrayDeque;
import java.util.List;

/**
 * A source of literal rows ({@code VALUES (...), (...)}, constant subqueries, tests): returns the given batches
 * in order. Takes ownership of the batches at construction; {@link #close()} frees those never pulled.
 */
public final class ValuesOperator
        implements SourceOperator
{
    private final OperatorContext context;
    private final ArrayDeque<ColumnBatch> batches;

    public ValuesOperator(OperatorContext context, List<ColumnBatch> batches)
    {
        this.context = context;
        this.batches = new ArrayDeque<>(batches);
    }

    @Override
    public ColumnBatch pull()
    {
        return context.recordOutput(batches.pollFirst());
    }

    @Override
    public void finish()
    {
        close();
    }

    @Override
    public boolean isFinished()
    {
        return batches.isEmpty();
    }

    @Override
    public void close()
    {
        ColumnBatch b;
        while ((b = batches.pollFirst()) != null) {
            b.close();
        }
    }
}
