package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Three-valued AND / OR of two boolean expressions ({@link AndExpr}, {@link OrExpr}): both sides are evaluated for
 * every row (vectorized engines do not short-circuit per row) and combined by {@link Logic#combine}.
 */
public abstract sealed class BinaryLogicExpr implements Expression permits AndExpr, OrExpr
{
    private final Expression left;
    private final Expression right;
    private final boolean isAnd;

    BinaryLogicExpr(Expression left, Expression right, boolean isAnd)
    {
        String op = isAnd ? "AND" : "OR";
        Logic.checkBoolean(left, op);
        Logic.checkBoolean(right, op);
        this.left = left;
        this.right = right;
        this.isAnd = isAnd;
    }

    /** Left-deep combination of one or more predicates with {@code pair}. */
    static Expression leftDeep(List<Expression> terms, String op, BinaryOperator<Expression> pair)
    {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException(op + " of no terms");
        }
        Expression e = terms.get(0);
        for (int i = 1; i < terms.size(); i++) {
            e = pair.apply(e, terms.get(i));
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
            Logic.combine(isAnd, a, b, batch, out);
            return out;
        }
    }

    @Override
    public String toString()
    {
        return "(" + left + (isAnd ? " AND " : " OR ") + right + ")";
    }
}
