package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

/** {@code child IS NULL}, or {@code IS NOT NULL} when negated; never NULL itself. */
public final class IsNullExpr implements Expression
{
    private final Expression child;
    private final boolean negated;

    public IsNullExpr(Expression child, boolean negated)
    {
        this.child = child;
        this.negated = negated;
    }

    public Expression child()
    {
        return child;
    }

    public boolean negated()
    {
        return negated;
    }

    @Override
    public DataType type()
    {
        return DataType.BOOLEAN;
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        try (Operand a = Operand.of(child, batch, ctx)) {
            ColumnVector out = Vectors.allocate(DataType.BOOLEAN, batch, ctx);
            int rows = batch.rowCount();
            if (a.isConstant() || !a.vector.hasNulls()) {
                boolean isNull = a.isNullConstant();
                out.data().asSlice(0, rows).fill((byte) (isNull != negated ? 1 : 0));
                return out;
            }
            for (int p = 0; p < rows; p++) {
                out.setByte(p, (byte) (a.vector.isNull(p) != negated ? 1 : 0));
            }
            return out;
        }
    }

    @Override
    public String toString()
    {
        return "(" + child + (negated ? " IS NOT NULL)" : " IS NULL)");
    }
}
