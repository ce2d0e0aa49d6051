package io.starling.exec.operator;

import io.starling.exec.expr.Expression;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * SELECT list: evaluates one expression per output column. The output batch has the input's row count and
 * selection vector (expressions write values at the selected physical positions), so nothing is compacted;
 * the input batch is closed once every expression ran.
 */
public final class ProjectOperator
        implements Operator
{
    private final OperatorContext context;
    private final List<Expression> projections;
    private ColumnBatch output;
    private boolean finishing;

    public ProjectOperator(OperatorContext context, List<Expression> projections)
    {
        this.context = context;
        this.projections = List.copyOf(projections);
    }

    /** Output column types, in order. */
    public List<DataType> outputTypes()
    {
        return projections.stream().map(Expression::type).toList();
    }

    @Override
    public boolean needsInput()
    {
        return output == null && !finishing;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        long start = System.nanoTime();
        context.recordInput(batch.size());
        ColumnVector[] columns = new ColumnVector[projections.size()];
        try (batch) {
            for (int i = 0; i < columns.length; i++) {
                columns[i] = projections.get(i).evaluate(batch, context.memory());
            }
            ColumnBatch out = new ColumnBatch(columns, batch.rowCount());
            if (batch.selection() != null) {
                out.setSelection(batch.selection(), batch.size());
            }
            output = out;
        }
        catch (RuntimeException | Error e) {
            for (ColumnVector c : columns) {
                if (c != null) {
                    c.close();
                }
            }
            throw e;
        }
        finally {
            context.addCpuNanos(System.nanoTime() - start);
        }
    }

    @Override
    public ColumnBatch pull()
    {
        ColumnBatch b = output;
        output = null;
        return context.recordOutput(b);
    }

    @Override
    public void finish()
    {
        finishing = true;
    }

    @Override
    public boolean isFinished()
    {
        return finishing && output == null;
    }

    @Override
    public void close()
    {
        if (output != null) {
            output.close();
            output = null;
        }
    }
}
