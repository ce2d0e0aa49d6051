package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * Three-valued AND: false if either side is false, else NULL if either side is NULL. Both sides are evaluated
 * for every row (vectorized engines do not short-circuit per row).
 */
public final class AndExpr implements Expression
{
    private final Expression left;
    private final Expression right;

    public AndExpr(Expression left, Expression right)
    {
        Logic.checkBoolean(left, "AND");
        Logic.checkBoolean(right, "AND");
        this.left = left;
        this.right = right;
    }

    /** Left-deep AND of one or more predicates. */
    public static Expression of(List<Expression> terms)
    {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("AND of no terms");
        }
        Expression e = terms.get(0);
        for (int i = 1; i < terms.size(); i++) {
            e = new AndExpr(e, terms.get(i));
        }
        return e;
    }

    public Expression left()
    {
        return left;
    }

    public Expression right()
    {
        return right;
    }

    @Override
    public DataType type()
    {
        return DataType.BOOLEAN;
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        try (Operand a = Operand.of(left, batch, ctx); Operand b = Operand.of(right, batch, ctx)) {
            ColumnVector out = Vectors.allocate(DataType.BOOLEAN, batch, ctx);
            Logic.combine(true, a, b, batch, out);
            return out;
        }
    }

    @Override
    public String toString()
    {
        return "(" + left + " AND " + right + ")";
    }
}
