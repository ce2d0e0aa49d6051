package io.starling.be.operator;

import io.starling.exec.expr.Expression;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;

/** Keeps the rows where a BOOLEAN predicate is true (NULL counts as false) by narrowing the selection vector. */
public final class FilterOperator extends StreamingOperator
{
    private final Expression predicate;
    private final MemoryContext ctx;

    public FilterOperator(String name, Expression predicate, MemoryContext ctx)
    {
        super(name);
        this.predicate = predicate;
        this.ctx = ctx;
    }

    @Override
    protected ColumnBatch process(ColumnBatch batch)
    {
        try (ColumnVector pass = predicate.evaluate(batch, ctx)) {
            int n = batch.size();
            int[] sel = new int[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                int p = batch.position(i);
                if (!pass.isNull(p) && pass.getBoolean(p)) {
                    sel[k++] = p;
                }
            }
            if (k < n) {
                batch.setSelection(sel, k);
            }
            return batch;
        }
        catch (RuntimeException e) {
            batch.close();
            throw e;
        }
    }
}
