package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

/**
 * A child's value while a parent evaluates: a constant (from a {@link Literal}), a column borrowed from the
 * batch (from a {@link ColumnRef}, not copied and not closed), or a vector the child evaluated and this operand
 * owns. Lets parents take the column-vs-constant fast paths and avoid copying input columns.
 */
final class Operand implements AutoCloseable
{
    final DataType type;
    /** Null for constants. */
    final ColumnVector vector;
    final Object constant;
    private final boolean owned;

    private Operand(DataType type, ColumnVector vector, Object constant, boolean owned)
    {
        this.type = type;
        this.vector = vector;
        this.constant = constant;
        this.owned = owned;
    }

    static Operand of(Expression e, ColumnBatch batch, MemoryContext ctx)
    {
        if (e instanceof Literal l) {
            return new Operand(l.type(), null, l.value(), false);
        }
        if (e instanceof ColumnRef r) {
            return new Operand(r.type(), batch.column(r.index()), null, false);
        }
        return new Operand(e.type(), e.evaluate(batch, ctx), null, true);
    }

    boolean isConstant()
    {
        return vector == null;
    }

    /** True for a constant NULL. */
    boolean isNullConstant()
    {
        return vector == null && constant == null;
    }

    boolean isNull(int row)
    {
        return vector == null ? constant == null : vector.isNull(row);
    }

    /** Boxed value of a row (generic path). */
    Object value(int row)
    {
        return vector == null ? constant : Values.read(vector, row);
    }

    /** The vector, or null for a constant; for {@link Vectors#andValidity}. */
    ColumnVector validitySource()
    {
        return vector;
    }

    @Override
    public void close()
    {
        if (owned) {
            vector.close();
        }
    }
}
