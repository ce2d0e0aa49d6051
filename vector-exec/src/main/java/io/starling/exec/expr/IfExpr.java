package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.List;

/** {@code IF(cond, then, else)}: {@code then} when cond is TRUE, otherwise (FALSE or NULL) {@code else}. */
public final class IfExpr implements Expression
{
    private final CaseExpr delegate;
    private final Expression condition;
    private final Expression then;
    private final Expression otherwise;

    public IfExpr(Expression condition, Expression then, Expression otherwise, DataType type)
    {
        this.condition = condition;
        this.then = then;
        this.otherwise = otherwise;
        this.delegate = new CaseExpr(null, List.of(condition), List.of(then), otherwise, type);
    }

    @Override
    public DataType type()
    {
        return delegate.type();
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        return delegate.evaluate(batch, ctx);
    }

    @Override
    public String toString()
    {
        return "if(" + condition + ", " + then + ", " + otherwise + ")";
    }
}
