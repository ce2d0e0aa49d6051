package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

/**
 * {@code value [NOT] BETWEEN low AND high}, evaluated as {@code value >= low AND value <= high} (NOT of that when
 * negated), which gives SQL's NULL semantics and reuses the comparison fast paths.
 */
public final class BetweenExpr implements Expression
{
    private final Expression value;
    private final Expression low;
    private final Expression high;
    private final boolean negated;
    private final Expression rewritten;

    public BetweenExpr(Expression value, Expression low, Expression high, boolean negated)
    {
        this.value = value;
        this.low = low;
        this.high = high;
        this.negated = negated;
        Expression range = new AndExpr(new CompareExpr(CompareExpr.Op.GE, value, low),
                new CompareExpr(CompareExpr.Op.LE, value, high));
        this.rewritten = negated ? new NotExpr(range) : range;
    }

    /** The equivalent AND/NOT tree that is evaluated. */
    public Expression rewritten()
    {
        return rewritten;
    }

    @Override
    public DataType type()
    {
        return DataType.BOOLEAN;
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        return rewritten.evaluate(batch, ctx);
    }

    @Override
    public String toString()
    {
        return "(" + value + (negated ? " NOT BETWEEN " : " BETWEEN ") + low + " AND " + high + ")";
    }
}
