package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

/** Three-valued NOT: NOT NULL is NULL. */
public final class NotExpr implements Expression
{
    private final Expression child;

    public NotExpr(Expression child)
    {
        Logic.checkBoolean(child, "NOT");
        this.child = child;
    }

    public Expression child()
    {
        return child;
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
            int size = batch.size();
            for (int i = 0; i < size; i++) {
                int p = batch.position(i);
                int v = Logic.read(a, p);
                Logic.write(out, p, v == Logic.UNKNOWN ? v : 1 - v);
            }
            return out;
        }
    }

    @Override
    public String toString()
    {
        return "(NOT " + child + ")";
    }
}
