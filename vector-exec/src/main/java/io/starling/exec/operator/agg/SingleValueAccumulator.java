package io.starling.exec.operator.agg;

import io.starling.exec.expr.ExpressionException;
import io.starling.exec.expr.Values;
import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnVector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * {@code SINGLE_VALUE(x)}: the value of a scalar subquery that has no aggregate of its own. The group's only row's x
 * (which may be NULL), NULL when the group has no row, and an error when it has more than one (StarRocks' message:
 * "Expected LE 1 to be returned by expression"). Rows are counted, not values, so two NULL rows are an error too.
 * The state is the row count (capped at 2: more is as wrong as two) and the value, boxed in the {@link Values}
 * domain; partial states merge by adding counts, so the error shows wherever the second row is seen.
 */
final class SingleValueAccumulator
        extends StateAccumulator<SingleValueAccumulator.Single>
{
    /** StarRocks' error for a scalar subquery that returns more than one row. */
    static final String TOO_MANY_ROWS = "Expected LE 1 to be returned by expression";

    /** Rows seen so far (0 or 1; reaching 2 throws) and the first row's value. */
    static final class Single
    {
        int rows;
        Object value;
    }

    SingleValueAccumulator(MemoryAccount account, AggregateMode mode)
    {
        super(account, mode);
    }

    @Override
    protected Single newState()
    {
        return new Single();
    }

    @Override
    protected void update(Single state, ColumnVector[] args, int row)
    {
        add(state, 1, Values.read(args[0], row));
    }

    private static void add(Single state, int rows, Object value)
    {
        if (rows == 0) {
            return;
        }
        if (state.rows + rows > 1) {
            throw new ExpressionException(TOO_MANY_ROWS);
        }
        state.rows = 1;
        state.value = value;
    }

    @Override
    protected void serialize(Single state, DataOutputStream out) throws IOException
    {
        out.writeByte(state.rows);
        if (state.rows > 0) {
            MaxByAccumulator.writeValue(out, state.value);
        }
    }

    @Override
    protected void merge(Single state, DataInputStream in) throws IOException
    {
        int rows = in.readByte();
        add(state, rows, rows > 0 ? MaxByAccumulator.readValue(in) : null);
    }

    @Override
    protected void writeResult(Single state, ColumnVector out, int row)
    {
        Values.write(out, row, state.value);
    }
}
