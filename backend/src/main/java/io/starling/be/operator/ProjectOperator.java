package io.starling.be.operator;

import io.starling.exec.expr.Expression;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;

import java.util.List;

/** Computes a list of expressions per batch; the output keeps the input's row count and selection vector. */
public final class ProjectOperator extends StreamingOperator
{
    private final List<Expression> exprs;
    private final MemoryContext ctx;

    public ProjectOperator(String name, List<Expression> exprs, MemoryContext ctx)
    {
        super(name);
        this.exprs = List.copyOf(exprs);
        this.ctx = ctx;
    }

    @Override
    protected ColumnBatch process(ColumnBatch batch)
    {
        try (batch) {
            ColumnVector[] cols = new ColumnVector[exprs.size()];
            try {
                for (int i = 0; i < cols.length; i++) {
                    cols[i] = exprs.get(i).evaluate(batch, ctx);
                }
            }
            catch (RuntimeException e) {
                for (ColumnVector c : cols) {
                    if (c != null) {
                        c.close();
                    }
                }
                throw e;
            }
            ColumnBatch out = new ColumnBatch(cols, batch.rowCount());
            if (batch.selection() != null) {
                out.setSelection(batch.selection().clone(), batch.size());
            }
            return out;
        }
    }
}
